/**
 * The event log in plain words: one sentence per domain event, in English or French, in Kafka's
 * terms, built from the event's own fields (each emit site in src/kafka decides which fields an
 * event has; this file reads them by name).
 *
 * Rules every sentence keeps: a missing or malformed field is left out or said in words ("a
 * broker"), never printed as `undefined`, `NaN` or raw JSON; a type this file does not know yet
 * falls back to its name and its fields in short form (`fallbackText`).
 *
 * Free-form reasons the model writes in English (Kafka's own log wording, such as "adding new
 * member …") are translated for French by `reasonFr`; one it does not know is quoted as written.
 */
import type { DomainEvent } from '../sim/types';

export type Lang = 'en' | 'fr';

// ---------------------------------------------------------------------------- reading fields

/** Typed, forgiving access to an event's fields: anything missing or of the wrong kind is null. */
class Fields {
  constructor(readonly ev: DomainEvent) {}

  n(key: string): number | null {
    const v = this.ev[key];
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  }

  s(key: string): string | null {
    const v = this.ev[key];
    if (typeof v === 'string') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    return null;
  }

  b(key: string): boolean | null {
    const v = this.ev[key];
    return typeof v === 'boolean' ? v : null;
  }

  nums(key: string): number[] | null {
    const v = this.ev[key];
    if (!Array.isArray(v)) return null;
    return v.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  }

  strs(key: string): string[] | null {
    const v = this.ev[key];
    if (!Array.isArray(v)) return null;
    return v.filter((x) => typeof x === 'string' || typeof x === 'number').map(String);
  }

  rec(key: string): Record<string, unknown> | null {
    const v = this.ev[key];
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  }
}

// ---------------------------------------------------------------------------- wording helpers

/** "Consumer c-1" → "consumer c-1" (the first letter only: names keep their case). */
function decap(s: string): string {
  return s.length === 0 ? s : s.charAt(0).toLowerCase() + s.slice(1);
}

function cap(s: string): string {
  return s.length === 0 ? s : s.charAt(0).toUpperCase() + s.slice(1);
}

/** "[1, 3]" (a broker list as Kafka's tools print it). */
function idList(ids: readonly (number | string)[] | null): string {
  return `[${(ids ?? []).join(', ')}]`;
}

/** "a", "a and b", "a, b and c" / "a, b et c". */
function words(items: readonly string[], lang: Lang): string {
  if (items.length <= 1) return items[0] ?? '';
  const and = lang === 'en' ? 'and' : 'et';
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1] as string}`;
}

/** Singular in English for 1; in French for 0 and 1. */
function count(n: number, one: string, many: string, lang: Lang): string {
  const singular = lang === 'en' ? n === 1 : n <= 1;
  return `${n} ${singular ? one : many}`;
}

/** "broker 2" / "a broker" (en); "le broker 2" / "un broker" (fr). */
function broker(id: number | null, lang: Lang): string {
  if (lang === 'en') return id === null ? 'a broker' : `broker ${id}`;
  return id === null ? 'un broker' : `le broker ${id}`;
}

/** fr: "de" before a phrase: "du topic t" (de + le), "des brokers", "d’une partition", "de orders-0". */
function de(x: string): string {
  if (x.startsWith('le ')) return `du ${x.slice(3)}`;
  if (x.startsWith('les ')) return `des ${x.slice(4)}`;
  if (/^(un|une|l’)/.test(x)) return `d’${x}`;
  return `de ${x}`;
}

/** fr: "du broker 2" / "d’un broker". */
function duBroker(id: number | null): string {
  return id === null ? 'd’un broker' : `du broker ${id}`;
}

/** fr: "au broker 2" / "à un broker". */
function auBroker(id: number | null): string {
  return id === null ? 'à un broker' : `au broker ${id}`;
}

/** "brokers 1 and 2" / "broker 1" (en); "les brokers 1 et 2" / "le broker 1" (fr). */
function brokers(ids: readonly number[], lang: Lang): string {
  if (ids.length === 1) return broker(ids[0] as number, lang);
  const list = words(ids.map(String), lang);
  return lang === 'en' ? `brokers ${list}` : `les brokers ${list}`;
}

/** "the controller (broker 9)" / "le contrôleur (broker 9)"; without an id, just the controller. */
function controller(id: number | null, lang: Lang): string {
  const name = lang === 'en' ? 'the controller' : 'le contrôleur';
  return id === null ? name : `${name} (broker ${id})`;
}

/** "the KRaft controller (controller 1)". */
function kraftController(id: number | null, lang: Lang): string {
  const name = lang === 'en' ? 'the KRaft controller' : 'le contrôleur KRaft';
  return id === null ? name : `${name} (controller ${id})`;
}

/** "orders-0"; the topic alone when there is no partition number; words when nothing is known. */
function partitionName(f: Fields, lang: Lang, topicKey = 'topic', partitionKey = 'partition'): string {
  const topic = f.s(topicKey);
  const partition = f.n(partitionKey);
  if (topic === null)
    return partition === null ? (lang === 'en' ? 'a partition' : 'une partition') : `partition ${partition}`;
  if (partition === null || partition < 0) return lang === 'en' ? `topic ${topic}` : `le topic ${topic}`;
  return `${topic}-${partition}`;
}

/**
 * An out-of-range position, the bounds it fell outside (in Kafka's words, the same in both
 * languages), and why: below the log start (retention deleted it) or above the high watermark
 * (the log was truncated below it).
 */
function outOfRange(f: Fields): { pos: number | null; bounds: string; cause: 'deleted' | 'truncated' | null } {
  const pos = f.n('position');
  const start = f.n('logStartOffset');
  const hw = f.n('highWatermark');
  const bounds = [start === null ? null : `log start offset ${start}`, hw === null ? null : `high watermark ${hw}`].filter((x) => x !== null).join(', ');
  const cause = pos !== null && start !== null && pos < start ? 'deleted' : pos !== null && hw !== null && pos > hw ? 'truncated' : null;
  return { pos, bounds, cause };
}

/** A partition at the start of a sentence: words get a capital, a name like orders-0 keeps its case. */
function startTp(f: Fields, lang: Lang): string {
  const t = partitionName(f, lang);
  const p = f.n('partition');
  return f.s('topic') !== null && p !== null && p >= 0 ? t : cap(t);
}

const UUID_TAIL = /-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** A member id is `client.id` + "-" + a UUID: the client id alone reads better. */
function member(id: string | null, lang: Lang): string {
  if (id === null || id === '') return lang === 'en' ? 'a member' : 'un membre';
  return id.replace(UUID_TAIL, '');
}

function ms(n: number | null): string {
  return n === null ? '' : `${n} ms`;
}

/** A Kafka config map as `key=value, key=value`. */
function configText(c: Record<string, unknown> | null): string {
  if (c === null) return '';
  return Object.entries(c)
    .map(([k, v]) => `${k}=${scalar(v)}`)
    .join(', ');
}

function scalar(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '?';
  if (typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.map(scalar).join(',');
  return '…';
}

/** "orders-0 → 208, orders-1 → 0". */
function offsetsText(o: Record<string, unknown> | null): string {
  if (o === null) return '';
  return Object.entries(o)
    .map(([k, v]) => `${k} → ${scalar(v)}`)
    .join(', ');
}

/** "consumer-billing-1 reads orders-0, orders-1; consumer-billing-2 reads orders-2". */
function assignmentText(a: Record<string, unknown> | null, lang: Lang): string {
  if (a === null || Object.keys(a).length === 0)
    return lang === 'en' ? 'nobody reads anything' : 'personne ne lit rien';
  const reads = lang === 'en' ? 'reads' : 'lit';
  const nothing = lang === 'en' ? 'nothing' : 'rien';
  return Object.entries(a)
    .map(([m, parts]) => {
      const list = Array.isArray(parts) ? parts.map(scalar) : [];
      return `${member(m, lang)} ${reads} ${list.length > 0 ? list.join(', ') : nothing}`;
    })
    .join(lang === 'en' ? '; ' : ' ; ');
}

/** A reduced loss ratio: "5000/10000" → "1/2". */
function lossText(loss: string | null): string {
  if (loss === null) return '';
  const m = /^(\d+)\/(\d+)$/.exec(loss);
  if (m === null) return loss;
  let a = Number(m[1]);
  let b = Number(m[2]);
  const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));
  const g = gcd(a, b);
  if (g > 0) {
    a /= g;
    b /= g;
  }
  return `${a}/${b}`;
}

function nodeName(f: Fields, key: string, lang: Lang): string {
  const v = f.ev[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return lang === 'en' ? `node ${v}` : `le nœud ${v}`;
  return lang === 'en' ? 'a node' : 'un nœud';
}

function nodeList(f: Fields, key: string, lang: Lang): string {
  const list = f.strs(key);
  if (list === null || list.length === 0) return lang === 'en' ? 'some nodes' : 'des nœuds';
  return words(list, lang);
}

// ---------------------------------------------------------------------------- reasons in French

/** Kafka's English reasons (as the model writes them) in French; an unknown one is quoted. */
const REASONS_FR: [RegExp, (m: RegExpExecArray) => string][] = [
  // group coordinator
  [/^adding new member (.+)$/, (m) => `ajout du nouveau membre ${m[1] as string}`],
  [
    /^removing member (.+) on heartbeat expiration$/,
    (m) => `retrait du membre ${m[1] as string}, dont la session a expiré`,
  ],
  [
    /^removing (.+) on pending sync request expiration$/,
    (m) => `retrait de ${m[1] as string}, qui n’a pas envoyé SyncGroup à temps`,
  ],
  [
    /^member (.+) left the group: (.+)$/,
    (m) => `le membre ${m[1] as string} a quitté le groupe (${reasonFr(m[2] as string)})`,
  ],
  [/^member (.+) changed its metadata$/, (m) => `le membre ${m[1] as string} a changé ses métadonnées`],
  [/^leader (.+) re-joined$/, (m) => `le leader ${m[1] as string} a rejoint à nouveau`],
  [
    /^error (\S+) when storing the assignment$/,
    (m) => `erreur ${m[1] as string} à l’enregistrement de l’affectation`,
  ],
  [
    /^static member (.+) changed the group's protocol$/,
    (m) => `le membre statique ${m[1] as string} a changé le protocole du groupe`,
  ],
  [
    /^static member (.+) re-joined during CompletingRebalance$/,
    (m) => `le membre statique ${m[1] as string} a rejoint à nouveau pendant CompletingRebalance`,
  ],
  [/^did not re-join in time$/, () => 'pas de nouveau JoinGroup à temps'],
  [/^no SyncGroup in time$/, () => 'pas de SyncGroup à temps'],
  // consumer client
  [/^initial join$/, () => 'première adhésion'],
  [/^the coordinator was lost during a rebalance$/, () => 'coordinateur perdu pendant un rééquilibrage'],
  [/^need to re-join with the given member id$/, () => 'il doit revenir avec l’identifiant de membre reçu'],
  [
    /^the coordinator does not know this member id$/,
    () => 'le coordinateur ne connaît pas cet identifiant de membre',
  ],
  [/^the coordinator is unknown$/, () => 'coordinateur inconnu'],
  [/^the group is rebalancing again$/, () => 'le groupe se rééquilibre de nouveau'],
  [/^the group is rebalancing$/, () => 'le groupe se rééquilibre'],
  [
    /^need to revoke partitions (.+) and re-join$/,
    (m) => `il doit révoquer les partitions ${m[1] as string} puis revenir`,
  ],
  [
    /^no heartbeat answer for session\.timeout\.ms$/,
    () => 'aucune réponse aux heartbeats pendant session.timeout.ms',
  ],
  [/^the consumer is being closed$/, () => 'le consommateur se ferme'],
  [/^consumer poll timeout has expired$/, () => 'délai max.poll.interval.ms dépassé entre deux poll()'],
  [
    /^the subscription changed \(new topics match the pattern\)$/,
    () => 'l’abonnement a changé (de nouveaux topics correspondent au motif)',
  ],
  [
    /^the leader saw the metadata of (.+) change$/,
    (m) => `le leader a vu changer les métadonnées de ${m[1] as string}`,
  ],
  [
    /^offset commit failed since the group is rebalancing$/,
    () => 'le commit d’offsets a échoué car le groupe se rééquilibre',
  ],
  [/^(\w+) failed with (\w+)$/, (m) => `${m[1] as string} a échoué avec ${m[2] as string}`],
  [/^(\w+): request timed out$/, (m) => `${m[1] as string} : requête expirée sans réponse`],
  [/^(\w+): connection reset$/, (m) => `${m[1] as string} : connexion réinitialisée`],
  // controllers
  [/^session expired$/, () => 'sa session ZooKeeper a expiré'],
  [/^\/controller was deleted$/, () => '/controller a été supprimé'],
  [
    /^cannot read \/controller_epoch \((\w+)\)$/,
    (m) => `impossible de lire /controller_epoch (${m[1] as string})`,
  ],
  [
    /^lost the race to bump \/controller_epoch \((\w+)\)$/,
    (m) => `il a perdu la course pour incrémenter /controller_epoch (${m[1] as string})`,
  ],
  [/^controlled shutdown$/, () => 'arrêt contrôlé'],
  // ZooKeeper servers
  [/^missed a proposal$/, () => 'il a manqué une proposition'],
  [/^lost a forwarded request$/, () => 'il a perdu une requête transmise au leader'],
  [/^election failed$/, () => 'élection échouée'],
  [/^leader unreachable$/, () => 'leader injoignable'],
  [/^leader left$/, () => 'le leader est parti'],
  [/^newer leader$/, () => 'un leader plus récent existe'],
  [/^quorum lost$/, () => 'quorum perdu'],
  [/^a follower promised a newer epoch$/, () => 'un follower a promis une epoch plus récente'],
  // KRaft
  [/^check-quorum$/, () => 'il a perdu le contact avec la majorité des votants (check quorum)'],
];

export function reasonFr(reason: string): string {
  for (const [re, fr] of REASONS_FR) {
    const m = re.exec(reason);
    if (m !== null) return fr(m);
  }
  return `« ${reason} »`;
}

/** A reason in the chosen language, member ids shortened; null when there is none. */
function reason(f: Fields, key: string, lang: Lang): string | null {
  const r = f.s(key);
  if (r === null || r === '') return null;
  const short = r.replace(UUID_TAIL, '');
  return lang === 'en' ? short : reasonFr(short);
}

/** " (reason)" or nothing. */
function because(f: Fields, key: string, lang: Lang): string {
  const r = reason(f, key, lang);
  return r === null ? '' : ` (${r})`;
}

// ---------------------------------------------------------------------------- narrations

type Say = (f: Fields) => string;
interface Narration {
  en: Say;
  fr: Say;
}

function leaderElected(f: Fields, lang: Lang): string {
  const tp = partitionName(f, lang);
  const leader = f.n('leader');
  const prev = f.n('previousLeader');
  const epoch = f.n('leaderEpoch');
  const epochText = epoch === null ? '' : ` (leader epoch ${epoch})`;
  const isr = f.nums('isr');
  const isrText = isr === null ? '' : `${lang === 'en' ? ';' : ' ;'} ISR ${idList(isr)}`;
  const ctl = controller(f.n('controller'), lang);
  const r = f.s('reason');
  if (r === 'new-topic') {
    return lang === 'en'
      ? `${startTp(f, lang)} was created with ${broker(leader, lang)} as its leader${epochText}${isrText}.`
      : `${startTp(f, lang)} a été créée avec ${broker(leader, lang)} comme leader${epochText}${isrText}.`;
  }
  if (f.b('unclean') === true || r === 'unclean') {
    return lang === 'en'
      ? `Unclean leader election: ${ctl} made ${broker(leader, lang)}, which was not in the ISR, the leader of ${tp}${epochText}; records it never received are lost${isrText}.`
      : `Élection non propre (unclean) : ${ctl} a fait ${duBroker(leader)}, qui n’était pas dans l’ISR, le leader ${de(tp)}${epochText} ; les records qu’il n’avait pas reçus sont perdus${isrText}.`;
  }
  if (prev === null || prev < 0) {
    return lang === 'en'
      ? `${startTp(f, lang)} has a leader again: ${ctl} elected ${broker(leader, lang)}${epochText}${isrText}.`
      : `${startTp(f, lang)} a de nouveau un leader : ${ctl} a élu ${broker(leader, lang)}${epochText}${isrText}.`;
  }
  let why = '';
  if (r === 'offline')
    why = lang === 'en' ? `, since broker ${prev} is gone` : `, car le broker ${prev} est parti`;
  else if (r === 'preferred')
    why = lang === 'en' ? ', back to its preferred replica' : ', pour revenir à la réplique préférée';
  else if (r === 'controlled-shutdown')
    why = lang === 'en' ? `, since broker ${prev} is shutting down` : `, car le broker ${prev} s’arrête`;
  return lang === 'en'
    ? `${cap(ctl)} moved the leadership of ${tp} from broker ${prev} to ${broker(leader, lang)}${epochText}${why}${isrText}.`
    : `${cap(ctl)} a transféré le leadership ${de(tp)} du broker ${prev} ${auBroker(leader)}${epochText}${why}${isrText}.`;
}

function isrChanged(f: Fields, lang: Lang, grew: boolean): string {
  const tp = partitionName(f, lang);
  const moved = f.nums(grew ? 'added' : 'removed') ?? [];
  const isr = idList(f.nums('isr'));
  const leader = f.n('leader');
  const who = moved.length > 0 ? brokers(moved, lang) : lang === 'en' ? 'a replica' : 'une réplique';
  const many = moved.length > 1;
  if (lang === 'en') {
    const leaderText = leader === null ? '' : leader < 0 ? ', no leader' : `, leader broker ${leader}`;
    return grew
      ? `${cap(who)} caught up and ${many ? 'are' : 'is'} back in the ISR of ${tp}; ISR now ${isr}${leaderText}.`
      : `${cap(who)} fell out of the ISR of ${tp} (too far behind, or gone); ISR now ${isr}${leaderText}.`;
  }
  const leaderText = leader === null ? '' : leader < 0 ? ', aucun leader' : `, leader : broker ${leader}`;
  return grew
    ? `${cap(who)} ${many ? 'ont rattrapé leur retard et reviennent' : 'a rattrapé son retard et revient'} dans l’ISR ${de(tp)} ; ISR désormais ${isr}${leaderText}.`
    : `${cap(who)} ${many ? 'sortent' : 'sort'} de l’ISR ${de(tp)} (trop en retard, ou parti) ; ISR désormais ${isr}${leaderText}.`;
}

function isrProposed(f: Fields, lang: Lang, grow: boolean): string {
  const tp = partitionName(f, lang);
  const from = idList(f.nums('isr'));
  const to = idList(f.nums('newIsr'));
  const b = f.n('broker');
  if (lang === 'en') {
    return grow
      ? `${cap(broker(b, lang))}, leader of ${tp}, asks the controller to grow the ISR from ${from} to ${to} (AlterPartition): a follower has caught up.`
      : `${cap(broker(b, lang))}, leader of ${tp}, asks the controller to shrink the ISR from ${from} to ${to} (AlterPartition): a follower lags more than replica.lag.time.max.ms.`;
  }
  return grow
    ? `${cap(broker(b, lang))}, leader ${de(tp)}, demande au contrôleur d’élargir l’ISR de ${from} à ${to} (AlterPartition) : un follower a rattrapé son retard.`
    : `${cap(broker(b, lang))}, leader ${de(tp)}, demande au contrôleur de réduire l’ISR de ${from} à ${to} (AlterPartition) : un follower a plus de replica.lag.time.max.ms de retard.`;
}

/** Why the coordinator removed one member, without repeating its id: ": its session expired". */
function removalCause(f: Fields, lang: Lang): string {
  const r = f.s('reason');
  if (r === null || r === '') return '';
  const sep = lang === 'en' ? ': ' : ' : ';
  if (/on heartbeat expiration$/.test(r))
    return sep + (lang === 'en' ? 'its session expired' : 'sa session a expiré');
  const left = /^member \S+ left the group: (.+)$/.exec(r);
  if (left !== null) {
    const why = left[1] as string;
    return sep + (lang === 'en' ? `it left the group (${why})` : `il a quitté le groupe (${reasonFr(why)})`);
  }
  return sep + (lang === 'en' ? r.replace(UUID_TAIL, '') : reasonFr(r.replace(UUID_TAIL, '')));
}

/** `${the} ${value}` from the event's field, or `someone` when it is missing. */
function orSomeone(f: Fields, field: string, someone: string, the: string): string {
  const v = f.s(field);
  return v === null ? someone : `${the} ${v}`;
}

/** "Topic orders" / "Le topic orders", or "A topic" / "Un topic" when the event has no topic. */
function named(f: Fields, lang: Lang, field: string, words: Record<Lang, [someone: string, the: string]>): string {
  const [someone, the] = words[lang];
  return orSomeone(f, field, someone, the);
}

function kraftName(f: Fields, lang: Lang): string {
  return named(f, lang, 'controller', { en: ['A controller', 'Controller'], fr: ['Un contrôleur', 'Le contrôleur'] });
}

function zkServer(f: Fields, lang: Lang): string {
  return named(f, lang, 'server', { en: ['A ZooKeeper server', 'ZooKeeper server'], fr: ['Un serveur ZooKeeper', 'Le serveur ZooKeeper'] });
}

function topicName(f: Fields, lang: Lang): string {
  return named(f, lang, 'topic', { en: ['A topic', 'Topic'], fr: ['Un topic', 'Le topic'] });
}

function consumerName(f: Fields, lang: Lang): string {
  return named(f, lang, 'consumer', { en: ['A consumer', 'Consumer'], fr: ['Un consommateur', 'Le consommateur'] });
}

function producerName(f: Fields, lang: Lang): string {
  return named(f, lang, 'producer', { en: ['A producer', 'Producer'], fr: ['Un producteur', 'Le producteur'] });
}

function groupName(f: Fields, lang: Lang): string {
  return named(f, lang, 'groupId', { en: ['the group', 'group'], fr: ['le groupe', 'le groupe'] });
}

/** fr: "du groupe billing". */
function duGroupe(f: Fields): string {
  return orSomeone(f, 'groupId', 'du groupe', 'du groupe');
}

function coordinator(f: Fields, lang: Lang, key = 'broker'): string {
  const b = f.n(key);
  const name = lang === 'en' ? 'the coordinator' : 'le coordinateur';
  return b === null ? name : `${name} (broker ${b})`;
}

function generation(f: Fields, lang: Lang): string {
  const g = f.n('generation');
  if (g === null) return '';
  return lang === 'en' ? ` (generation ${g})` : ` (génération ${g})`;
}

function offsetsPartition(f: Fields): string {
  const p = f.n('partition');
  return p === null ? '__consumer_offsets' : `__consumer_offsets-${p}`;
}

function fault(f: Fields, lang: Lang): string {
  const kind = f.s('fault');
  const en = lang === 'en';
  const b = f.n('broker');
  const dur = f.n('durationMs');
  switch (kind) {
    case 'crashBroker':
      return en
        ? `Fault: ${broker(b, lang)} crashed (its process is killed; its disk survives).`
        : `Panne : crash ${duBroker(b)} (processus tué ; son disque est conservé).`;
    case 'powerFailBroker': {
      const lost = f.n('unflushedRecordsLost');
      const tail =
        lost === null
          ? en
            ? 'whatever was not yet flushed to disk is lost'
            : 'ce qui n’était pas encore écrit sur disque est perdu'
          : en
            ? `${count(lost, 'record', 'records', lang)} not yet flushed to disk ${lost === 1 ? 'is' : 'are'} lost`
            : `${count(lost, 'record', 'records', lang)} pas encore ${lost <= 1 ? 'écrit' : 'écrits'} sur disque ${lost <= 1 ? 'est perdu' : 'sont perdus'}`;
      return en
        ? `Fault: ${broker(b, lang)} lost its power; ${tail}.`
        : `Panne : coupure de courant sur ${broker(b, lang)} ; ${tail}.`;
    }
    case 'shutdownBroker':
      return en
        ? `${cap(broker(b, lang))} is asked to shut down.`
        : `On demande ${auBroker(b)} de s’arrêter.`;
    case 'restartBroker':
      return en ? `${cap(broker(b, lang))} restarts.` : `${cap(broker(b, lang))} redémarre.`;
    case 'crashNode':
    case 'crash':
      return en
        ? `Fault: ${nodeName(f, 'node', lang)} crashed.`
        : `Panne : crash ${de(nodeName(f, 'node', lang))}.`;
    case 'restartNode':
    case 'restart':
      return en
        ? `${cap(nodeName(f, 'node', lang))} restarts.`
        : `${cap(nodeName(f, 'node', lang))} redémarre.`;
    case 'pauseNode':
      return en
        ? `Fault: ${nodeName(f, 'node', lang)} is frozen${dur === null ? '' : ` for ${ms(dur)}`} (a long GC pause): it neither sends nor answers anything.`
        : `Panne : ${nodeName(f, 'node', lang)} est figé${dur === null ? '' : ` pendant ${ms(dur)}`} (longue pause GC) : il n’envoie et ne répond plus rien.`;
    case 'isolate': {
      const a = nodeList(f, 'a', lang);
      const other = nodeList(f, 'b', lang);
      if (f.b('oneWay') === true)
        return en
          ? `Fault: messages from ${a} to ${other} are now dropped (a one-way network partition).`
          : `Panne : les messages de ${a} vers ${other} sont désormais perdus (partition réseau dans un seul sens).`;
      return en
        ? `Fault: network partition between ${a} and ${other}.`
        : `Panne : partition réseau entre ${a} et ${other}.`;
    }
    case 'heal':
      return en
        ? 'The network is healed: every link works again.'
        : 'Le réseau est réparé : tous les liens fonctionnent à nouveau.';
    case 'slowLink': {
      const both = f.b('bothWays') === true;
      const extra = f.n('extraLatencyMs');
      return en
        ? `Fault: the link ${nodeName(f, 'from', lang)} → ${nodeName(f, 'to', lang)} is ${extra === null ? 'slower' : `${ms(extra)} slower`}${both ? ' (both ways)' : ''}.`
        : `Panne : le lien ${nodeName(f, 'from', lang)} → ${nodeName(f, 'to', lang)} est ralenti${extra === null ? '' : ` de ${ms(extra)}`}${both ? ' (dans les deux sens)' : ''}.`;
    }
    case 'dropLink': {
      const both = f.b('bothWays') === true;
      const loss = lossText(f.s('loss'));
      return en
        ? `Fault: the link ${nodeName(f, 'from', lang)} → ${nodeName(f, 'to', lang)} loses ${loss === '' ? 'some' : loss} of its packets${both ? ' (both ways)' : ''}; TCP retransmits them, late.`
        : `Panne : le lien ${nodeName(f, 'from', lang)} → ${nodeName(f, 'to', lang)} perd ${loss === '' ? 'des' : `${loss} des`} paquets${both ? ' (dans les deux sens)' : ''} ; TCP les retransmet, en retard.`;
    }
    case 'crashConsumer':
      return en
        ? `Fault: ${decap(consumerName(f, lang))} crashed without leaving its group; the coordinator notices only after session.timeout.ms.`
        : `Panne : crash ${f.s('consumer') === null ? 'd’un consommateur' : `du consommateur ${f.s('consumer') as string}`}, sans quitter son groupe ; le coordinateur ne s’en aperçoit qu’après session.timeout.ms.`;
    case 'pauseConsumer':
      return en
        ? `Fault: ${decap(consumerName(f, lang))} is frozen${dur === null ? '' : ` for ${ms(dur)}`} (a GC pause): no poll(), no heartbeat.`
        : `Panne : ${decap(consumerName(f, lang))} est figé${dur === null ? '' : ` pendant ${ms(dur)}`} (pause GC) : ni poll(), ni heartbeat.`;
    case 'slowConsumer': {
      const per = f.n('processingMsPerRecord');
      return en
        ? `${consumerName(f, lang)} now spends ${per === null ? 'longer' : ms(per)} on each record; a poll() batch that takes longer than max.poll.interval.ms makes it leave its group.`
        : `${consumerName(f, lang)} passe désormais ${per === null ? 'plus de temps' : ms(per)} sur chaque record ; un lot de poll() qui dure plus que max.poll.interval.ms lui fait quitter son groupe.`;
    }
    default: {
      const rest = shortFields(f.ev, ['fault']);
      const name = kind ?? (en ? 'unknown' : 'inconnue');
      return en
        ? `Fault injected: ${name}${rest === '' ? '' : ` (${rest})`}.`
        : `Panne injectée : ${name}${rest === '' ? '' : ` (${rest})`}.`;
    }
  }
}

const FENCE_REASON: Record<string, { en: string; fr: string }> = {
  'session-timeout': {
    en: 'no heartbeat within broker.session.timeout.ms',
    fr: 'aucun heartbeat dans le délai broker.session.timeout.ms',
  },
  requested: { en: 'it asked to be fenced', fr: 'il a demandé sa mise à l’écart' },
  shutdown: { en: 'it is shutting down', fr: 'il s’arrête' },
};

const METADATA_REASON: Record<string, { en: string; fr: string }> = {
  bootstrap: { en: 'first request', fr: 'première requête' },
  'metadata.max.age.ms': { en: 'metadata.max.age.ms elapsed', fr: 'metadata.max.age.ms écoulé' },
  'no-leader': { en: 'a partition had no known leader', fr: 'une partition sans leader connu' },
  'connection-refused': { en: 'connection refused', fr: 'connexion refusée' },
  disconnected: { en: 'connection lost', fr: 'connexion perdue' },
};

const COMMIT_STYLE: Record<string, { en: string; fr: string }> = {
  auto: { en: 'automatic commit', fr: 'commit automatique' },
  sync: { en: 'commitSync', fr: 'commitSync' },
  async: { en: 'commitAsync', fr: 'commitAsync' },
  close: { en: 'commit on close', fr: 'commit à la fermeture' },
  reset: { en: 'offset reset', fr: 'réinitialisation des offsets' },
};

function heartbeatConsequence(error: string | null, lang: Lang): string {
  const en = lang === 'en';
  switch (error) {
    case 'REBALANCE_IN_PROGRESS':
      return en
        ? 'the group is rebalancing, so it re-joins'
        : 'le groupe se rééquilibre, il le rejoint donc à nouveau';
    case 'UNKNOWN_MEMBER_ID':
    case 'ILLEGAL_GENERATION':
      return en
        ? 'the coordinator no longer knows it in this generation, so it re-joins'
        : 'le coordinateur ne le connaît plus dans cette génération, il rejoint donc à nouveau';
    case 'NOT_COORDINATOR':
    case 'COORDINATOR_NOT_AVAILABLE':
    case 'COORDINATOR_LOAD_IN_PROGRESS':
      return en ? 'it looks for the coordinator again' : 'il recherche à nouveau le coordinateur';
    case 'FENCED_INSTANCE_ID':
      return en
        ? 'another process took over its group.instance.id'
        : 'un autre processus a pris son group.instance.id';
    default:
      return en ? 'it will retry' : 'il réessaiera';
  }
}

function ownerText(f: Fields, lang: Lang): string {
  const o = f.s('owner');
  if (o === null) return lang === 'en' ? 'a client' : 'un client';
  return o;
}

function sessionText(f: Fields, lang: Lang): string {
  const id = f.s('sessionId');
  return id === null
    ? lang === 'en'
      ? 'the session'
      : 'la session'
    : `${lang === 'en' ? 'session' : 'la session'} ${id}`;
}

function resetTarget(to: unknown, lang: Lang): string {
  const en = lang === 'en';
  if (to === 'earliest')
    return en ? 'to the earliest offsets (--to-earliest)' : 'aux offsets les plus anciens (--to-earliest)';
  if (to === 'latest')
    return en ? 'to the latest offsets (--to-latest)' : 'aux offsets les plus récents (--to-latest)';
  if (to !== null && typeof to === 'object' && typeof (to as { offset?: unknown }).offset === 'number')
    return `${en ? 'to offset' : 'à l’offset'} ${(to as { offset: number }).offset} (--to-offset)`;
  return en ? 'to new offsets' : 'à de nouveaux offsets';
}

function truncationTail(
  f: Fields,
  lang: Lang,
  fromKey: string,
  toKey: string,
  what: { en: string; fr: string },
): string {
  const from = f.n(fromKey);
  const to = f.n(toKey);
  if (from === null || to === null || from <= to) return '';
  const n = from - to;
  return lang === 'en'
    ? `: ${count(n, 'record', 'records', lang)} ${what.en}`
    : ` : ${count(n, 'record', 'records', lang)} ${what.fr}`;
}

const N: Record<string, Narration> = {
  // ------------------------------------------------------------------ faults and commands
  FaultInjected: { en: (f) => fault(f, 'en'), fr: (f) => fault(f, 'fr') },
  CommandRejected: {
    en: (f) =>
      `${f.s('command') === null ? 'A command' : `The command ${f.s('command') as string}`} was refused${f.s('error') === null ? '' : `: ${f.s('error') as string}`}; nothing changed.`,
    fr: (f) =>
      `${f.s('command') === null ? 'Une commande' : `La commande ${f.s('command') as string}`} a été refusée${f.s('error') === null ? '' : ` : « ${f.s('error') as string} »`} ; rien n’a changé.`,
  },
  CommandIgnored: {
    en: (f) =>
      `${f.s('command') === null ? 'A command' : `The command ${f.s('command') as string}`} did nothing: ${f.s('reason') ?? 'it is not modelled'}.`,
    fr: (f) => {
      const r = f.s('reason');
      return `${f.s('command') === null ? 'Une commande' : `La commande ${f.s('command') as string}`} n’a rien fait : ${r === null || r === 'not modelled yet' ? 'elle n’est pas encore modélisée' : `« ${r} »`}.`;
    },
  },
  UnsupportedRequest: {
    en: (f) =>
      `${cap(broker(f.n('broker'), 'en'))} got a request it does not handle: ${f.s('kind') ?? 'unknown'}.`,
    fr: (f) =>
      `${cap(broker(f.n('broker'), 'fr'))} a reçu une requête qu’il ne traite pas : ${f.s('kind') ?? 'inconnue'}.`,
  },
  PongReceived: {
    en: (f) =>
      `${cap(nodeName(f, 'node', 'en'))} got a pong from ${nodeName(f, 'from', 'en')}${f.n('pongs') === null ? '' : ` (${f.n('pongs') as number} so far)`}.`,
    fr: (f) =>
      `${cap(nodeName(f, 'node', 'fr'))} a reçu un pong ${de(nodeName(f, 'from', 'fr'))}${f.n('pongs') === null ? '' : ` (${f.n('pongs') as number} jusqu’ici)`}.`,
  },

  // ------------------------------------------------------------------ controllers, membership
  ControllerElected: {
    en: (f) =>
      `${cap(broker(f.n('broker'), 'en'))} is the new controller${f.n('epoch') === null ? '' : ` (controller epoch ${f.n('epoch') as number})`}: it created /controller in ZooKeeper first.`,
    fr: (f) =>
      `${cap(broker(f.n('broker'), 'fr'))} est le nouveau contrôleur${f.n('epoch') === null ? '' : ` (epoch du contrôleur ${f.n('epoch') as number})`} : il a créé /controller dans ZooKeeper le premier.`,
  },
  ControllerReady: {
    en: (f) => {
      const parts = f.n('partitions');
      return `${cap(controller(f.n('broker'), 'en'))} has read the cluster state from ZooKeeper and is ready: live brokers ${idList(f.nums('liveBrokers'))}${parts === null ? '' : `, ${count(parts, 'partition', 'partitions', 'en')}`}.`;
    },
    fr: (f) => {
      const parts = f.n('partitions');
      return `${cap(controller(f.n('broker'), 'fr'))} a lu l’état du cluster dans ZooKeeper et il est prêt : brokers vivants ${idList(f.nums('liveBrokers'))}${parts === null ? '' : `, ${count(parts, 'partition', 'partitions', 'fr')}`}.`;
    },
  },
  ControllerResigned: {
    en: (f) =>
      `${cap(broker(f.n('broker'), 'en'))} is no longer the controller${f.n('epoch') === null ? '' : ` (epoch ${f.n('epoch') as number})`}${reason(f, 'why', 'en') === null ? '' : `: ${reason(f, 'why', 'en') as string}`}.`,
    fr: (f) =>
      `${cap(broker(f.n('broker'), 'fr'))} n’est plus le contrôleur${f.n('epoch') === null ? '' : ` (epoch ${f.n('epoch') as number})`}${reason(f, 'why', 'fr') === null ? '' : ` : ${reason(f, 'why', 'fr') as string}`}.`,
  },
  BrokerRegistered: {
    en: (f) => {
      const path = f.s('path');
      if (path !== null)
        return `${cap(broker(f.n('broker'), 'en'))} registered in ZooKeeper (ephemeral znode ${path}).`;
      const epoch = f.n('brokerEpoch');
      return `${cap(broker(f.n('broker'), 'en'))} registered with ${kraftController(f.n('controller'), 'en')}${epoch === null ? '' : `; broker epoch ${epoch}`}.`;
    },
    fr: (f) => {
      const path = f.s('path');
      if (path !== null)
        return `${cap(broker(f.n('broker'), 'fr'))} s’est enregistré dans ZooKeeper (znode éphémère ${path}).`;
      const epoch = f.n('brokerEpoch');
      const kc = f.n('controller');
      return `${cap(broker(f.n('broker'), 'fr'))} s’est enregistré auprès du contrôleur KRaft${kc === null ? '' : ` (controller ${kc})`}${epoch === null ? '' : ` ; epoch du broker ${epoch}`}.`;
    },
  },
  BrokersChanged: {
    en: (f) => {
      const dead = f.nums('dead') ?? [];
      const added = f.nums('added') ?? [];
      const what: string[] = [];
      if (dead.length > 0) what.push(`${brokers(dead, 'en')} left`);
      if (added.length > 0) what.push(`${brokers(added, 'en')} joined`);
      const change = what.length > 0 ? ` that ${words(what, 'en')}` : ' a change in /brokers/ids';
      return `${cap(controller(f.n('controller'), 'en'))} noticed${change}; live brokers: ${idList(f.nums('live'))}.`;
    },
    fr: (f) => {
      const dead = f.nums('dead') ?? [];
      const added = f.nums('added') ?? [];
      const what: string[] = [];
      const des = (ids: number[]) =>
        ids.length === 1 ? `du broker ${ids[0] as number}` : `des brokers ${words(ids.map(String), 'fr')}`;
      if (dead.length > 0) what.push(`le départ ${des(dead)}`);
      if (added.length > 0) what.push(`l’arrivée ${des(added)}`);
      const change = what.length > 0 ? words(what, 'fr') : 'un changement dans /brokers/ids';
      return `${cap(controller(f.n('controller'), 'fr'))} a constaté ${change} ; brokers vivants : ${idList(f.nums('live'))}.`;
    },
  },
  BrokerBounced: {
    en: (f) =>
      `${cap(controller(f.n('controller'), 'en'))} found that ${broker(f.n('broker'), 'en')} restarted unseen${f.n('epoch') === null ? '' : ` (new broker epoch ${f.n('epoch') as number})`}: it handles it as a broker that left and came back.`,
    fr: (f) =>
      `${cap(controller(f.n('controller'), 'fr'))} a découvert que ${broker(f.n('broker'), 'fr')} avait redémarré à son insu${f.n('epoch') === null ? '' : ` (nouvelle epoch de broker ${f.n('epoch') as number})`} : il le traite comme un broker parti puis revenu.`,
  },
  ControlledShutdownStarted: {
    en: (f) =>
      `${cap(broker(f.n('broker'), 'en'))} begins a controlled shutdown: it first asks ${f.n('controller') === null ? 'the controller' : controller(f.n('controller'), 'en')} to move its leaderships elsewhere.`,
    fr: (f) =>
      `${cap(broker(f.n('broker'), 'fr'))} commence un arrêt contrôlé : il demande d’abord ${f.n('controller') === null ? 'au contrôleur' : `au contrôleur (broker ${f.n('controller') as number})`} de déplacer ses leaderships ailleurs.`,
  },
  BrokerStopped: {
    en: (f) =>
      `${cap(broker(f.n('broker'), 'en'))} stopped${f.b('controlled') === true ? ' cleanly, after its controlled shutdown' : ''}.`,
    fr: (f) =>
      `${cap(broker(f.n('broker'), 'fr'))} s’est arrêté${f.b('controlled') === true ? ' proprement, après son arrêt contrôlé' : ''}.`,
  },
  KraftControllerActivated: {
    en: (f) =>
      `${kraftName(f, 'en')} is now the active KRaft controller${f.n('epoch') === null ? '' : ` (epoch ${f.n('epoch') as number})`}: it manages the cluster's metadata${f.n('metadataOffset') === null ? '' : ` from offset ${f.n('metadataOffset') as number} of the metadata log`}.`,
    fr: (f) =>
      `${kraftName(f, 'fr')} est maintenant le contrôleur KRaft actif${f.n('epoch') === null ? '' : ` (epoch ${f.n('epoch') as number})`} : il gère les métadonnées du cluster${f.n('metadataOffset') === null ? '' : ` à partir de l’offset ${f.n('metadataOffset') as number} du log de métadonnées`}.`,
  },
  KraftControllerDeactivated: {
    en: (f) =>
      `${kraftName(f, 'en')} is no longer the active KRaft controller${f.n('epoch') === null ? '' : ` (epoch ${f.n('epoch') as number})`}.`,
    fr: (f) =>
      `${kraftName(f, 'fr')} n’est plus le contrôleur KRaft actif${f.n('epoch') === null ? '' : ` (epoch ${f.n('epoch') as number})`}.`,
  },
  BrokerFenced: {
    en: (f) => {
      const r = f.s('reason');
      const why = r === null ? '' : `: ${FENCE_REASON[r]?.en ?? r}`;
      return `${cap(kraftController(f.n('controller'), 'en'))} fenced ${broker(f.n('broker'), 'en')}${why}; the partitions it led get new leaders.`;
    },
    fr: (f) => {
      const r = f.s('reason');
      const why = r === null ? '' : ` : ${FENCE_REASON[r]?.fr ?? `« ${r} »`}`;
      return `${cap(kraftController(f.n('controller'), 'fr'))} a mis ${broker(f.n('broker'), 'fr')} à l’écart (fencing)${why} ; les partitions qu’il menait reçoivent de nouveaux leaders.`;
    },
  },
  BrokerUnfenced: {
    en: (f) =>
      `${cap(kraftController(f.n('controller'), 'en'))} unfenced ${broker(f.n('broker'), 'en')}: it has caught up with the metadata log and may lead partitions.`,
    fr: (f) =>
      `${cap(kraftController(f.n('controller'), 'fr'))} a levé la mise à l’écart ${duBroker(f.n('broker'))} : il a rattrapé le log de métadonnées et peut être leader de partitions.`,
  },
  BrokerControlledShutdown: {
    en: (f) =>
      `${cap(kraftController(f.n('controller'), 'en'))} put ${broker(f.n('broker'), 'en')} in controlled shutdown: its leaderships move to other in-sync replicas.`,
    fr: (f) =>
      `${cap(kraftController(f.n('controller'), 'fr'))} a placé ${broker(f.n('broker'), 'fr')} en arrêt contrôlé : ses leaderships passent à d’autres répliques de l’ISR.`,
  },
  BrokerShutdownGranted: {
    en: (f) =>
      `${cap(kraftController(f.n('controller'), 'en'))} lets ${broker(f.n('broker'), 'en')} shut down: it no longer leads any partition.`,
    fr: (f) =>
      `${cap(kraftController(f.n('controller'), 'fr'))} autorise ${broker(f.n('broker'), 'fr')} à s’arrêter : il n’est plus leader d’aucune partition.`,
  },

  // ------------------------------------------------------------------ elections
  LeaderElected: { en: (f) => leaderElected(f, 'en'), fr: (f) => leaderElected(f, 'fr') },
  PartitionOffline: {
    en: (f) => {
      const prev = f.n('previousLeader');
      const isr = f.nums('isr');
      return `${startTp(f, 'en')} is offline: ${prev === null || prev < 0 ? 'its leader is gone' : `its leader, broker ${prev}, is gone`} and no other in-sync replica is alive, so nobody can write or read it until ${isr === null || isr.length === 0 ? 'a replica' : `ISR ${idList(isr)}`} comes back.`;
    },
    fr: (f) => {
      const prev = f.n('previousLeader');
      const isr = f.nums('isr');
      return `${startTp(f, 'fr')} est hors ligne : ${prev === null || prev < 0 ? 'son leader est parti' : `son leader, le broker ${prev}, est parti`} et aucune autre réplique de l’ISR n’est vivante ; personne ne peut y écrire ni y lire avant le retour ${de(isr === null || isr.length === 0 ? 'une réplique' : `l’ISR ${idList(isr)}`)}.`;
    },
  },
  PreferredLeaderElection: {
    en: (f) => {
      if (f.b('requested') === true)
        return 'A preferred leader election was requested from the active KRaft controller (kafka-leader-election.sh).';
      const moved = f.n('moved');
      const who = cap(controller(f.n('controller'), 'en'));
      if (moved === null) return `${who} ran a preferred leader election.`;
      if (moved === 0)
        return `${who} ran a preferred leader election: every leader was already its preferred replica (or could not move).`;
      return `${who} ran a preferred leader election: ${count(moved, 'partition', 'partitions', 'en')} went back to ${moved === 1 ? 'its' : 'their'} preferred replica.`;
    },
    fr: (f) => {
      if (f.b('requested') === true)
        return 'Une élection du leader préféré a été demandée au contrôleur KRaft actif (kafka-leader-election.sh).';
      const moved = f.n('moved');
      const who = cap(controller(f.n('controller'), 'fr'));
      if (moved === null) return `${who} a lancé une élection du leader préféré.`;
      if (moved === 0)
        return `${who} a lancé une élection du leader préféré : chaque leader était déjà sa réplique préférée (ou ne pouvait pas changer).`;
      return `${who} a lancé une élection du leader préféré : ${count(moved, 'partition est revenue', 'partitions sont revenues', 'fr')} à ${moved === 1 ? 'sa' : 'leur'} réplique préférée.`;
    },
  },

  // ------------------------------------------------------------------ replication
  IsrShrunk: { en: (f) => isrChanged(f, 'en', false), fr: (f) => isrChanged(f, 'fr', false) },
  IsrExpanded: { en: (f) => isrChanged(f, 'en', true), fr: (f) => isrChanged(f, 'fr', true) },
  IsrShrinkProposed: { en: (f) => isrProposed(f, 'en', false), fr: (f) => isrProposed(f, 'fr', false) },
  IsrExpandProposed: { en: (f) => isrProposed(f, 'en', true), fr: (f) => isrProposed(f, 'fr', true) },
  FollowerTruncated: {
    en: (f) => {
      const rule =
        f.s('rule') === 'high-watermark'
          ? 'the high-watermark rule, before KIP-101'
          : 'the leader-epoch rule, KIP-101';
      const tail = truncationTail(f, 'en', 'from', 'to', {
        en: 'that the current leader does not have are gone',
        fr: '',
      });
      return `${cap(broker(f.n('broker'), 'en'))} truncated its replica of ${partitionName(f, 'en')}${f.n('from') === null ? '' : ` from offset ${f.n('from') as number}`}${f.n('to') === null ? '' : ` to ${f.n('to') as number}`} (${rule})${tail}.`;
    },
    fr: (f) => {
      const rule =
        f.s('rule') === 'high-watermark'
          ? 'règle du high watermark, avant KIP-101'
          : 'règle de la leader epoch, KIP-101';
      const tail = truncationTail(f, 'fr', 'from', 'to', {
        en: '',
        fr: 'absents du leader actuel disparaissent',
      });
      return `${cap(broker(f.n('broker'), 'fr'))} a tronqué sa réplique ${de(partitionName(f, 'fr'))}${f.n('from') === null ? '' : ` de l’offset ${f.n('from') as number}`}${f.n('to') === null ? '' : ` à ${f.n('to') as number}`} (${rule})${tail}.`;
    },
  },
  HighWatermarkAdvanced: {
    en: (f) =>
      `The high watermark of ${partitionName(f, 'en')} moved to ${f.s('highWatermark') ?? 'a new offset'}: consumers may read up to there.`,
    fr: (f) =>
      `Le high watermark ${de(partitionName(f, 'fr'))} passe à ${f.s('highWatermark') ?? 'un nouvel offset'} : les consommateurs peuvent lire jusque-là.`,
  },

  // ------------------------------------------------------------------ producers
  ProduceFailed: {
    en: (f) => {
      const n = f.n('records');
      const r = f.s('reason');
      return `${producerName(f, 'en')} gave up on ${n === null ? 'records' : count(n, 'record', 'records', 'en')} for ${partitionName(f, 'en')}${f.s('error') === null ? '' : `: ${f.s('error') as string}`}${r === null || r === '' ? '' : ` (${r})`}.`;
    },
    fr: (f) => {
      const n = f.n('records');
      const r = f.s('reason');
      return `${producerName(f, 'fr')} a abandonné ${n === null ? 'des records' : count(n, 'record', 'records', 'fr')} pour ${partitionName(f, 'fr')}${f.s('error') === null ? '' : ` : ${f.s('error') as string}`}${r === null || r === '' ? '' : ` (« ${r} »)`}.`;
    },
  },
  ProduceRetried: {
    en: (f) =>
      `${producerName(f, 'en')} sends a batch for ${partitionName(f, 'en')} again${f.s('error') === null ? '' : ` after ${f.s('error') as string}`}${f.n('attempt') === null ? '' : ` (retry ${f.n('attempt') as number})`}.`,
    fr: (f) =>
      `${producerName(f, 'fr')} renvoie un batch pour ${partitionName(f, 'fr')}${f.s('error') === null ? '' : ` après ${f.s('error') as string}`}${f.n('attempt') === null ? '' : ` (nouvelle tentative ${f.n('attempt') as number})`}.`,
  },
  ProducerMetadataRefreshed: {
    en: (f) => {
      const r = f.s('reason');
      return `${producerName(f, 'en')} refreshed its metadata${f.s('topic') === null ? '' : ` for ${f.s('topic') as string}`}${r === null ? '' : ` (${METADATA_REASON[r]?.en ?? r})`}.`;
    },
    fr: (f) => {
      const r = f.s('reason');
      return `${producerName(f, 'fr')} a rafraîchi ses métadonnées${f.s('topic') === null ? '' : ` pour ${f.s('topic') as string}`}${r === null ? '' : ` (${METADATA_REASON[r]?.fr ?? r})`}.`;
    },
  },
  ProducerEpochBumped: {
    en: (f) =>
      `${producerName(f, 'en')}${f.n('producerId') === null ? '' : ` (producer id ${f.n('producerId') as number})`} moved to ${f.n('epoch') === null ? 'a new epoch' : `epoch ${f.n('epoch') as number}`} to restart its sequence numbers${f.nums('partitions') === null ? '' : ` on partitions ${idList(f.nums('partitions'))}`}.`,
    fr: (f) =>
      `${producerName(f, 'fr')}${f.n('producerId') === null ? '' : ` (producer id ${f.n('producerId') as number})`} passe à ${f.n('epoch') === null ? 'une nouvelle epoch' : `l’epoch ${f.n('epoch') as number}`} pour repartir de zéro dans ses numéros de séquence${f.nums('partitions') === null ? '' : ` sur les partitions ${idList(f.nums('partitions'))}`}.`,
  },
  ProducerConfigChanged: {
    en: (f) =>
      `${producerName(f, 'en')} now runs with ${configText(f.rec('config')) || 'a new configuration'}.`,
    fr: (f) =>
      `${producerName(f, 'fr')} tourne désormais avec ${configText(f.rec('config')) || 'une nouvelle configuration'}.`,
  },
  ProducerStopped: {
    en: (f) => `${producerName(f, 'en')} stops sending.`,
    fr: (f) => `${producerName(f, 'fr')} cesse d’envoyer.`,
  },
  ProducerStarted: {
    en: (f) => `${producerName(f, 'en')} starts sending again.`,
    fr: (f) => `${producerName(f, 'fr')} recommence à envoyer.`,
  },
  DuplicateBatchDropped: {
    en: (f) =>
      `${cap(broker(f.n('broker'), 'en'))} recognised a batch it already had on ${partitionName(f, 'en')}${f.n('producerId') === null ? '' : ` (producer id ${f.n('producerId') as number}`}${f.n('baseSequence') === null ? '' : `, base sequence ${f.n('baseSequence') as number}`}${f.n('producerId') === null ? '' : ')'}${f.n('offset') === null ? '' : `, written at offset ${f.n('offset') as number}`}: idempotence keeps a single copy.`,
    fr: (f) =>
      `${cap(broker(f.n('broker'), 'fr'))} a reconnu un batch déjà reçu sur ${partitionName(f, 'fr')}${f.n('producerId') === null ? '' : ` (producer id ${f.n('producerId') as number}`}${f.n('baseSequence') === null ? '' : `, séquence de base ${f.n('baseSequence') as number}`}${f.n('producerId') === null ? '' : ')'}${f.n('offset') === null ? '' : `, écrit à l’offset ${f.n('offset') as number}`} : l’idempotence n’en garde qu’une copie.`,
  },

  // ------------------------------------------------------------------ consumers (client side)
  ConsumerAdded: {
    en: (f) =>
      `${consumerName(f, 'en')} ${f.b('restarted') === true ? 'restarted' : 'started'} in ${groupName(f, 'en')}${f.s('groupInstanceId') === null ? '' : ` as static member ${f.s('groupInstanceId') as string}`}.`,
    fr: (f) =>
      `${consumerName(f, 'fr')} ${f.b('restarted') === true ? 'a redémarré' : 'a démarré'} dans ${groupName(f, 'fr')}${f.s('groupInstanceId') === null ? '' : ` comme membre statique ${f.s('groupInstanceId') as string}`}.`,
  },
  ConsumerStopRequested: {
    en: (f) => `${consumerName(f, 'en')} is asked to stop: it closes at its next poll().`,
    fr: (f) =>
      `On demande au ${consumerName(f, 'fr').replace(/^Le /, '').replace(/^Un /, '')} de s’arrêter : il se ferme à son prochain poll().`,
  },
  ConsumerClosing: {
    en: (f) => {
      const commits = f.s('commitStyle') === 'auto' || f.s('commitStyle') === 'asyncThenSyncOnClose';
      return `${consumerName(f, 'en')} is closing: ${commits ? 'it commits its offsets one last time, then leaves' : 'it leaves'} ${groupName(f, 'en')}.`;
    },
    fr: (f) => {
      const commits = f.s('commitStyle') === 'auto' || f.s('commitStyle') === 'asyncThenSyncOnClose';
      return `${consumerName(f, 'fr')} se ferme : ${commits ? 'il commite ses offsets une dernière fois, puis quitte' : 'il quitte'} ${groupName(f, 'fr')}.`;
    },
  },
  ConsumerStopped: {
    en: (f) => `${consumerName(f, 'en')} has stopped.`,
    fr: (f) => `${consumerName(f, 'fr')} s’est arrêté.`,
  },
  ConsumerCoordinatorFound: {
    en: (f) =>
      `${consumerName(f, 'en')} found the coordinator of ${groupName(f, 'en')}: ${broker(f.n('coordinator'), 'en')}.`,
    fr: (f) =>
      `${consumerName(f, 'fr')} a trouvé le coordinateur ${duGroupe(f)} : ${broker(f.n('coordinator'), 'fr')}.`,
  },
  ConsumerCoordinatorLost: {
    en: (f) =>
      `${consumerName(f, 'en')} lost the coordinator of ${groupName(f, 'en')}${f.n('coordinator') === null || (f.n('coordinator') as number) < 0 ? '' : ` (broker ${f.n('coordinator') as number})`}${reason(f, 'reason', 'en') === null ? '' : `: ${reason(f, 'reason', 'en') as string}`}; it looks for it again.`,
    fr: (f) =>
      `${consumerName(f, 'fr')} a perdu le coordinateur ${duGroupe(f)}${f.n('coordinator') === null || (f.n('coordinator') as number) < 0 ? '' : ` (broker ${f.n('coordinator') as number})`}${reason(f, 'reason', 'fr') === null ? '' : ` : ${reason(f, 'reason', 'fr') as string}`} ; il le recherche.`,
  },
  ConsumerGenerationReset: {
    en: (f) =>
      `${consumerName(f, 'en')} drops its generation${f.n('generation') === null ? '' : ` ${f.n('generation') as number}`}${because(f, 'reason', 'en')} and will join ${groupName(f, 'en')} again.`,
    fr: (f) =>
      `${consumerName(f, 'fr')} abandonne sa génération${f.n('generation') === null ? '' : ` ${f.n('generation') as number}`}${because(f, 'reason', 'fr')} et rejoindra à nouveau ${groupName(f, 'fr')}.`,
  },
  ConsumerJoining: {
    en: (f) =>
      `${consumerName(f, 'en')} sends JoinGroup to ${groupName(f, 'en')}${because(f, 'reason', 'en')}.`,
    fr: (f) =>
      `${consumerName(f, 'fr')} envoie JoinGroup pour ${groupName(f, 'fr')}${because(f, 'reason', 'fr')}.`,
  },
  AssignmentComputed: {
    en: (f) => {
      const withheld = f.rec('withheld');
      const held =
        withheld === null
          ? []
          : Object.values(withheld).flatMap((v) => (Array.isArray(v) ? v.map(scalar) : []));
      return `${consumerName(f, 'en')}, leader of ${groupName(f, 'en')}, computed the assignment${f.n('generation') === null ? '' : ` of generation ${f.n('generation') as number}`}${f.s('assignor') === null ? '' : ` with the ${f.s('assignor') as string} assignor`}: ${assignmentText(f.rec('assignment'), 'en')}${held.length > 0 ? `; held back until revoked: ${held.join(', ')}` : ''}.`;
    },
    fr: (f) => {
      const withheld = f.rec('withheld');
      const held =
        withheld === null
          ? []
          : Object.values(withheld).flatMap((v) => (Array.isArray(v) ? v.map(scalar) : []));
      return `${consumerName(f, 'fr')}, leader ${duGroupe(f)}, a calculé l’affectation${f.n('generation') === null ? '' : ` de la génération ${f.n('generation') as number}`}${f.s('assignor') === null ? '' : ` avec l’assigneur ${f.s('assignor') as string}`} : ${assignmentText(f.rec('assignment'), 'fr')}${held.length > 0 ? ` ; retenues jusqu’à leur révocation : ${held.join(', ')}` : ''}.`;
    },
  },
  PartitionsAssigned: {
    en: (f) => {
      const parts = f.strs('partitions') ?? [];
      const revoked = f.strs('revoked') ?? [];
      const main = parts.length > 0 ? `now reads ${parts.join(', ')}` : 'has no partition to read';
      return `${consumerName(f, 'en')} ${main} in ${groupName(f, 'en')}${generation(f, 'en')}${revoked.length > 0 ? `; revoked: ${revoked.join(', ')}` : ''}.`;
    },
    fr: (f) => {
      const parts = f.strs('partitions') ?? [];
      const revoked = f.strs('revoked') ?? [];
      const main = parts.length > 0 ? `lit désormais ${parts.join(', ')}` : 'n’a aucune partition à lire';
      return `${consumerName(f, 'fr')} ${main} dans ${groupName(f, 'fr')}${generation(f, 'fr')}${revoked.length > 0 ? ` ; révoquées : ${revoked.join(', ')}` : ''}.`;
    },
  },
  HeartbeatFailed: {
    en: (f) =>
      `${consumerName(f, 'en')}'s heartbeat to ${groupName(f, 'en')} failed${f.s('error') === null ? '' : ` with ${f.s('error') as string}`}: ${heartbeatConsequence(f.s('error'), 'en')}.`,
    fr: (f) =>
      `Le heartbeat ${f.s('consumer') === null ? 'd’un consommateur' : `du consommateur ${f.s('consumer') as string}`} vers ${groupName(f, 'fr')} a échoué${f.s('error') === null ? '' : ` avec ${f.s('error') as string}`} : ${heartbeatConsequence(f.s('error'), 'fr')}.`,
  },
  ConsumerLeavingGroup: {
    en: (f) =>
      `${consumerName(f, 'en')} leaves ${groupName(f, 'en')}${because(f, 'reason', 'en')}${f.b('sendsLeaveGroup') === false ? ' without LeaveGroup: as a static member it keeps its place until session.timeout.ms' : ' and sends LeaveGroup'}.`,
    fr: (f) =>
      `${consumerName(f, 'fr')} quitte ${groupName(f, 'fr')}${because(f, 'reason', 'fr')}${f.b('sendsLeaveGroup') === false ? ' sans LeaveGroup : membre statique, il garde sa place jusqu’à session.timeout.ms' : ' et envoie LeaveGroup'}.`,
  },
  ConsumerError: {
    en: (f) => {
      const e = f.s('error');
      if (e === 'NoOffsetForPartitionException')
        return `${consumerName(f, 'en')} throws NoOffsetForPartitionException${f.s('partition') === null ? '' : ` on ${f.s('partition') as string}`}: no committed offset and auto.offset.reset=none.`;
      return `${consumerName(f, 'en')} fails${e === null ? '' : ` with ${e}`} and stops.`;
    },
    fr: (f) => {
      const e = f.s('error');
      if (e === 'NoOffsetForPartitionException')
        return `${consumerName(f, 'fr')} lève NoOffsetForPartitionException${f.s('partition') === null ? '' : ` sur ${f.s('partition') as string}`} : aucun offset commité et auto.offset.reset=none.`;
      return `${consumerName(f, 'fr')} échoue${e === null ? '' : ` avec ${e}`} et s’arrête.`;
    },
  },
  ConsumerPollTimeout: {
    en: (f) =>
      `${consumerName(f, 'en')} did not call poll() within max.poll.interval.ms${f.n('maxPollIntervalMs') === null ? '' : ` (${ms(f.n('maxPollIntervalMs'))})`}: it leaves ${groupName(f, 'en')}, which rebalances without it.`,
    fr: (f) =>
      `${consumerName(f, 'fr')} n’a pas appelé poll() dans le délai max.poll.interval.ms${f.n('maxPollIntervalMs') === null ? '' : ` (${ms(f.n('maxPollIntervalMs'))})`} : il quitte ${groupName(f, 'fr')}, qui se rééquilibre sans lui.`,
  },
  ConsumerOffsetOutOfRange: {
    en: (f) => {
      const { pos, bounds, cause } = outOfRange(f);
      const why = cause === 'deleted' ? 'retention has deleted those records' : cause === 'truncated' ? 'the log was truncated below it' : null;
      return `${consumerName(f, 'en')}'s position ${pos === null ? '' : `${pos} `}on ${partitionName(f, 'en')} is out of range${bounds === '' ? '' : ` (${bounds})`}${why === null ? '' : `: ${why}`}; auto.offset.reset decides where it resumes.`;
    },
    fr: (f) => {
      const { pos, bounds, cause } = outOfRange(f);
      const why = cause === 'deleted' ? 'la rétention a supprimé ces records' : cause === 'truncated' ? 'le log a été tronqué en dessous' : null;
      return `La position ${pos === null ? '' : `${pos} `}${f.s('consumer') === null ? 'd’un consommateur' : `du consommateur ${f.s('consumer') as string}`} sur ${partitionName(f, 'fr')} est hors limites${bounds === '' ? '' : ` (${bounds})`}${why === null ? '' : ` : ${why}`} ; auto.offset.reset décide où il reprend.`;
    },
  },
  ConsumerPositionReset: {
    en: (f) => {
      const from = f.n('from');
      const to = f.n('to');
      const policy = f.s('policy');
      const rule =
        policy === null
          ? ''
          : ` (auto.offset.reset=${policy}${from === null ? ', no committed offset' : ''})`;
      return from === null
        ? `${consumerName(f, 'en')} starts ${partitionName(f, 'en')} at ${to === null ? 'a new offset' : `offset ${to}`}${rule}.`
        : `${consumerName(f, 'en')} jumps on ${partitionName(f, 'en')} from offset ${from} to ${to ?? 'a new offset'}${rule}.`;
    },
    fr: (f) => {
      const from = f.n('from');
      const to = f.n('to');
      const policy = f.s('policy');
      const rule =
        policy === null
          ? ''
          : ` (auto.offset.reset=${policy}${from === null ? ', aucun offset commité' : ''})`;
      return from === null
        ? `${consumerName(f, 'fr')} commence ${partitionName(f, 'fr')} à ${to === null ? 'un nouvel offset' : `l’offset ${to}`}${rule}.`
        : `${consumerName(f, 'fr')} saute, sur ${partitionName(f, 'fr')}, de l’offset ${from} à ${to ?? 'un nouvel offset'}${rule}.`;
    },
  },
  ConsumerPositionFromCommit: {
    en: (f) =>
      `${consumerName(f, 'en')} resumes ${partitionName(f, 'en')} at its committed offset${f.n('offset') === null ? '' : ` ${f.n('offset') as number}`}${generation(f, 'en')}.`,
    fr: (f) =>
      `${consumerName(f, 'fr')} reprend ${partitionName(f, 'fr')} à son offset commité${f.n('offset') === null ? '' : ` ${f.n('offset') as number}`}${generation(f, 'fr')}.`,
  },
  CommitFailed: {
    en: (f) => {
      const style = f.s('style');
      const what = style === null ? 'offset commit' : (COMMIT_STYLE[style]?.en ?? style);
      return `${consumerName(f, 'en')}'s ${what} to ${groupName(f, 'en')} failed${f.s('error') === null ? '' : ` with ${f.s('error') as string}`}${generation(f, 'en')}.`;
    },
    fr: (f) => {
      const style = f.s('style');
      const what = style === null ? 'commit d’offsets' : (COMMIT_STYLE[style]?.fr ?? style);
      return `Le ${what} ${f.s('consumer') === null ? 'd’un consommateur' : `du consommateur ${f.s('consumer') as string}`} dans ${groupName(f, 'fr')} a échoué${f.s('error') === null ? '' : ` avec ${f.s('error') as string}`}${generation(f, 'fr')}.`;
    },
  },

  // ------------------------------------------------------------------ groups (coordinator side)
  MemberJoined: {
    en: (f) =>
      `Member ${member(f.s('memberId'), 'en')} joined ${groupName(f, 'en')}${f.s('groupInstanceId') === null ? '' : ` (static, ${f.s('groupInstanceId') as string})`}; coordinator: ${broker(f.n('broker'), 'en')}.`,
    fr: (f) =>
      `Le membre ${member(f.s('memberId'), 'fr')} a rejoint ${groupName(f, 'fr')}${f.s('groupInstanceId') === null ? '' : ` (statique, ${f.s('groupInstanceId') as string})`} ; coordinateur : ${broker(f.n('broker'), 'fr')}.`,
  },
  RebalanceStarted: {
    en: (f) =>
      `${cap(groupName(f, 'en'))} starts a rebalance${reason(f, 'reason', 'en') === null ? '' : ` (${reason(f, 'reason', 'en') as string})`}: ${coordinator(f, 'en')} waits for the members to join again.`,
    fr: (f) =>
      `${cap(groupName(f, 'fr'))} entre en rééquilibrage${reason(f, 'reason', 'fr') === null ? '' : ` (${reason(f, 'reason', 'fr') as string})`} : ${coordinator(f, 'fr')} attend que les membres le rejoignent à nouveau.`,
  },
  RebalanceCompleted: {
    en: (f) => {
      const members = (f.strs('members') ?? []).map((m) => member(m, 'en'));
      if (members.length === 0 || f.s('state') === 'Empty')
        return `${cap(groupName(f, 'en'))} has no member left${generation(f, 'en')}: it is Empty.`;
      const leader = f.s('leader');
      return `${cap(groupName(f, 'en'))} moves to ${f.n('generation') === null ? 'a new generation' : `generation ${f.n('generation') as number}`} with ${count(members.length, 'member', 'members', 'en')} (${members.join(', ')})${leader === null ? '' : `; leader ${member(leader, 'en')} computes the assignment`}${f.s('protocol') === null ? '' : ` (${f.s('protocol') as string})`}.`;
    },
    fr: (f) => {
      const members = (f.strs('members') ?? []).map((m) => member(m, 'fr'));
      if (members.length === 0 || f.s('state') === 'Empty')
        return `${cap(groupName(f, 'fr'))} n’a plus aucun membre${generation(f, 'fr')} : il est Empty.`;
      const leader = f.s('leader');
      return `${cap(groupName(f, 'fr'))} passe à ${f.n('generation') === null ? 'une nouvelle génération' : `la génération ${f.n('generation') as number}`} avec ${count(members.length, 'membre', 'membres', 'fr')} (${members.join(', ')})${leader === null ? '' : ` ; le leader ${member(leader, 'fr')} calcule l’affectation`}${f.s('protocol') === null ? '' : ` (${f.s('protocol') as string})`}.`;
    },
  },
  GroupStable: {
    en: (f) =>
      `${cap(groupName(f, 'en'))} is Stable${f.n('generation') === null ? '' : ` in generation ${f.n('generation') as number}`}: ${assignmentText(f.rec('assignment'), 'en')}.`,
    fr: (f) =>
      `${cap(groupName(f, 'fr'))} est Stable${f.n('generation') === null ? '' : ` à la génération ${f.n('generation') as number}`} : ${assignmentText(f.rec('assignment'), 'fr')}.`,
  },
  MemberLeft: {
    en: (f) =>
      `Member ${member(f.s('memberId'), 'en')} left ${groupName(f, 'en')} with LeaveGroup${because(f, 'reason', 'en')}.`,
    fr: (f) =>
      `Le membre ${member(f.s('memberId'), 'fr')} a quitté ${groupName(f, 'fr')} par LeaveGroup${because(f, 'reason', 'fr')}.`,
  },
  MembersRemoved: {
    en: (f) => {
      const ms = (f.strs('members') ?? []).map((m) => member(m, 'en'));
      const r = reason(f, 'reason', 'en');
      return `${cap(coordinator(f, 'en'))} removed ${ms.length === 0 ? 'members' : words(ms, 'en')} from ${groupName(f, 'en')}${r === null ? '' : `: ${r}`}.`;
    },
    fr: (f) => {
      const ms = (f.strs('members') ?? []).map((m) => member(m, 'fr'));
      const r = reason(f, 'reason', 'fr');
      return `${cap(coordinator(f, 'fr'))} a retiré ${ms.length === 0 ? 'des membres' : words(ms, 'fr')} ${duGroupe(f)}${r === null ? '' : ` : ${r}`}.`;
    },
  },
  MemberRemoved: {
    en: (f) =>
      `${cap(coordinator(f, 'en'))} removed member ${member(f.s('memberId'), 'en')} from ${groupName(f, 'en')}${removalCause(f, 'en')}.`,
    fr: (f) =>
      `${cap(coordinator(f, 'fr'))} a retiré le membre ${member(f.s('memberId'), 'fr')} ${duGroupe(f)}${removalCause(f, 'fr')}.`,
  },
  MemberSessionExpired: {
    en: (f) =>
      `Member ${member(f.s('memberId'), 'en')} of ${groupName(f, 'en')} sent no heartbeat within session.timeout.ms${f.n('sessionTimeoutMs') === null ? '' : ` (${ms(f.n('sessionTimeoutMs'))})`}: ${coordinator(f, 'en')} removes it.`,
    fr: (f) =>
      `Le membre ${member(f.s('memberId'), 'fr')} ${duGroupe(f)} n’a envoyé aucun heartbeat pendant session.timeout.ms${f.n('sessionTimeoutMs') === null ? '' : ` (${ms(f.n('sessionTimeoutMs'))})`} : ${coordinator(f, 'fr')} le retire.`,
  },
  StaticMemberReplaced: {
    en: (f) =>
      `Static member${f.s('groupInstanceId') === null ? '' : ` ${f.s('groupInstanceId') as string}`} of ${groupName(f, 'en')} came back with a new member id (${member(f.s('newMemberId'), 'en')} replaces ${member(f.s('oldMemberId'), 'en')}); the old process is fenced${f.s('state') === null ? '' : `; group state ${f.s('state') as string}`}.`,
    fr: (f) =>
      `Le membre statique${f.s('groupInstanceId') === null ? '' : ` ${f.s('groupInstanceId') as string}`} ${duGroupe(f)} est revenu avec un nouvel identifiant (${member(f.s('newMemberId'), 'fr')} remplace ${member(f.s('oldMemberId'), 'fr')}) ; l’ancien processus est écarté${f.s('state') === null ? '' : ` ; état du groupe : ${f.s('state') as string}`}.`,
  },
  GroupCoordinatorLoading: {
    en: (f) =>
      `${cap(broker(f.n('broker'), 'en'))} became leader of ${offsetsPartition(f)} and loads the groups stored there${f.n('records') === null ? '' : ` (${count(f.n('records') as number, 'record', 'records', 'en')})`}.`,
    fr: (f) =>
      `${cap(broker(f.n('broker'), 'fr'))} est devenu leader de ${offsetsPartition(f)} et charge les groupes qui y sont stockés${f.n('records') === null ? '' : ` (${count(f.n('records') as number, 'record', 'records', 'fr')})`}.`,
  },
  GroupCoordinatorLoaded: {
    en: (f) =>
      `${cap(broker(f.n('broker'), 'en'))} loaded ${offsetsPartition(f)}${f.n('groups') === null ? '' : `: it now coordinates ${count(f.n('groups') as number, 'group', 'groups', 'en')} from there`}.`,
    fr: (f) =>
      `${cap(broker(f.n('broker'), 'fr'))} a chargé ${offsetsPartition(f)}${f.n('groups') === null ? '' : ` : il coordonne désormais ${count(f.n('groups') as number, 'groupe', 'groupes', 'fr')} stockés là`}.`
        .replace('1 groupe stockés', '1 groupe stocké')
        .replace('0 groupe stockés', '0 groupe stocké'),
  },
  GroupLoaded: {
    en: (f) => {
      const details = [
        f.n('generation') === null ? null : `generation ${f.n('generation') as number}`,
        f.s('state'),
        f.n('offsets') === null
          ? null
          : count(f.n('offsets') as number, 'committed offset', 'committed offsets', 'en'),
      ].filter((x) => x !== null);
      return `${cap(broker(f.n('broker'), 'en'))} restored ${groupName(f, 'en')} from ${offsetsPartition(f)}${details.length > 0 ? ` (${details.join(', ')})` : ''}.`;
    },
    fr: (f) => {
      const details = [
        f.n('generation') === null ? null : `génération ${f.n('generation') as number}`,
        f.s('state'),
        f.n('offsets') === null
          ? null
          : count(f.n('offsets') as number, 'offset commité', 'offsets commités', 'fr'),
      ].filter((x) => x !== null);
      return `${cap(broker(f.n('broker'), 'fr'))} a restauré ${groupName(f, 'fr')} depuis ${offsetsPartition(f)}${details.length > 0 ? ` (${details.join(', ')})` : ''}.`;
    },
  },
  GroupCoordinatorResigned: {
    en: (f) =>
      `${cap(broker(f.n('broker'), 'en'))} no longer leads ${offsetsPartition(f)}: it stops coordinating the groups stored there.`,
    fr: (f) =>
      `${cap(broker(f.n('broker'), 'fr'))} n’est plus leader de ${offsetsPartition(f)} : il cesse de coordonner les groupes qui y sont stockés.`,
  },
  GroupRemoved: {
    en: (f) =>
      `${cap(groupName(f, 'en'))} was empty and had no committed offset left: ${coordinator(f, 'en')} deleted it (Dead).`,
    fr: (f) =>
      `${cap(groupName(f, 'fr'))} était vide et n’avait plus d’offset commité : ${coordinator(f, 'fr')} l’a supprimé (Dead).`,
  },
  OffsetCommitted: {
    en: (f) =>
      `${cap(groupName(f, 'en'))} committed offsets${offsetsText(f.rec('offsets')) === '' ? '' : ` ${offsetsText(f.rec('offsets'))}`}${generation(f, 'en')}.`,
    fr: (f) =>
      `${cap(groupName(f, 'fr'))} a commité les offsets${offsetsText(f.rec('offsets')) === '' ? '' : ` ${offsetsText(f.rec('offsets'))}`}${generation(f, 'fr')}.`,
  },
  OffsetsReset: {
    en: (f) =>
      `The committed offsets of ${groupName(f, 'en')} were reset${offsetsText(f.rec('offsets')) === '' ? '' : `: ${offsetsText(f.rec('offsets'))}`}.`,
    fr: (f) =>
      `Les offsets commités ${duGroupe(f)} ont été réinitialisés${offsetsText(f.rec('offsets')) === '' ? '' : ` : ${offsetsText(f.rec('offsets'))}`}.`,
  },
  OffsetsResetRequested: {
    en: (f) =>
      `An admin (kafka-consumer-groups --reset-offsets) moves ${groupName(f, 'en')}${f.s('topic') === null ? '' : ` on ${f.s('topic') as string}`} ${resetTarget(f.ev.to, 'en')}${offsetsText(f.rec('offsets')) === '' ? '' : `: ${offsetsText(f.rec('offsets'))}`}${f.n('coordinator') === null ? '' : `; coordinator: broker ${f.n('coordinator') as number}`}.`,
    fr: (f) =>
      `Un administrateur (kafka-consumer-groups --reset-offsets) ramène ${groupName(f, 'fr')}${f.s('topic') === null ? '' : ` sur ${f.s('topic') as string}`} ${resetTarget(f.ev.to, 'fr')}${offsetsText(f.rec('offsets')) === '' ? '' : ` : ${offsetsText(f.rec('offsets'))}`}${f.n('coordinator') === null ? '' : ` ; coordinateur : broker ${f.n('coordinator') as number}`}.`,
  },
  OffsetsExpired: {
    en: (f) => {
      const parts = f.strs('partitions') ?? [];
      return `The committed offsets of ${groupName(f, 'en')}${parts.length > 0 ? ` for ${parts.join(', ')}` : ''} expired${f.n('retentionMinutes') === null ? '' : ` (offsets.retention.minutes=${f.n('retentionMinutes') as number})`}: its consumers will start from auto.offset.reset.`;
    },
    fr: (f) => {
      const parts = f.strs('partitions') ?? [];
      return `Les offsets commités ${duGroupe(f)}${parts.length > 0 ? ` pour ${parts.join(', ')}` : ''} ont expiré${f.n('retentionMinutes') === null ? '' : ` (offsets.retention.minutes=${f.n('retentionMinutes') as number})`} : ses consommateurs repartiront selon auto.offset.reset.`;
    },
  },

  // ------------------------------------------------------------------ topics
  TopicCreated: {
    en: (f) => {
      const p = f.n('partitions');
      const rf = f.n('replicationFactor');
      const details = [
        p === null ? null : count(p, 'partition', 'partitions', 'en'),
        rf === null ? null : `replication factor ${rf}`,
      ].filter((x) => x !== null);
      return `${topicName(f, 'en')} was created${details.length > 0 ? `: ${details.join(', ')}` : ''}.`;
    },
    fr: (f) => {
      const p = f.n('partitions');
      const rf = f.n('replicationFactor');
      const details = [
        p === null ? null : count(p, 'partition', 'partitions', 'fr'),
        rf === null ? null : `facteur de réplication ${rf}`,
      ].filter((x) => x !== null);
      return `${topicName(f, 'fr')} a été créé${details.length > 0 ? ` : ${details.join(', ')}` : ''}.`;
    },
  },
  TopicCreationFailed: {
    en: (f) =>
      `${topicName(f, 'en')} was not created${f.s('error') === null ? '' : `: ${f.s('error') as string}`}.`,
    fr: (f) =>
      `${topicName(f, 'fr')} n’a pas été créé${f.s('error') === null ? '' : ` : ${f.s('error') as string}`}.`,
  },
  TopicConfigAltered: {
    en: (f) => {
      const set = configText(f.rec('config'));
      const gone = f.strs('deleted') ?? [];
      const parts = [
        set === '' ? null : `now has ${set}`,
        gone.length > 0 ? `no longer overrides ${gone.join(', ')}` : null,
      ].filter((x) => x !== null);
      return `${topicName(f, 'en')} ${parts.length > 0 ? words(parts, 'en') : 'has a new configuration'}.`;
    },
    fr: (f) => {
      const set = configText(f.rec('config'));
      const gone = f.strs('deleted') ?? [];
      const parts = [
        set === '' ? null : `a désormais ${set}`,
        gone.length > 0 ? `ne surcharge plus ${gone.join(', ')}` : null,
      ].filter((x) => x !== null);
      return `${topicName(f, 'fr')} ${parts.length > 0 ? words(parts, 'fr') : 'a une nouvelle configuration'}.`;
    },
  },

  // ------------------------------------------------------------------ logs
  SegmentDeleted: {
    en: (f) => {
      const base = f.n('baseOffset');
      const end = f.n('endOffset');
      const range =
        base === null || end === null ? '' : end > base ? `offsets ${base} to ${end - 1}` : 'empty';
      const size = f.n('sizeBytes');
      const details = [range || null, size === null ? null : `${size} bytes`].filter((x) => x !== null);
      const r = f.s('reason');
      const why =
        r === null ? '' : r === 'log-start-offset' ? ' (below the log start offset)' : ` because of ${r}`;
      const start = f.n('logStartOffset');
      return `${cap(broker(f.n('broker'), 'en'))} deleted a segment of ${partitionName(f, 'en')}${details.length > 0 ? ` (${details.join(', ')})` : ''}${why}${start === null ? '' : `; the log now starts at offset ${start}`}.`;
    },
    fr: (f) => {
      const base = f.n('baseOffset');
      const end = f.n('endOffset');
      const range = base === null || end === null ? '' : end > base ? `offsets ${base} à ${end - 1}` : 'vide';
      const size = f.n('sizeBytes');
      const details = [range || null, size === null ? null : `${size} octets`].filter((x) => x !== null);
      const r = f.s('reason');
      const why =
        r === null ? '' : r === 'log-start-offset' ? ' (sous le log start offset)' : ` à cause de ${r}`;
      const start = f.n('logStartOffset');
      return `${cap(broker(f.n('broker'), 'fr'))} a supprimé un segment ${de(partitionName(f, 'fr'))}${details.length > 0 ? ` (${details.join(', ')})` : ''}${why}${start === null ? '' : ` ; le log commence désormais à l’offset ${start}`}.`;
    },
  },

  // ------------------------------------------------------------------ ZooKeeper
  ZkLeaderElected: {
    en: (f) =>
      `${zkServer(f, 'en')} is the leader of the ensemble${f.n('epoch') === null ? '' : ` (epoch ${f.n('epoch') as number})`}.`,
    fr: (f) =>
      `${zkServer(f, 'fr')} est le leader de l’ensemble${f.n('epoch') === null ? '' : ` (epoch ${f.n('epoch') as number})`}.`,
  },
  ZkQuorumLost: {
    en: (f) =>
      `${zkServer(f, 'en')} stops serving and looks for a leader again${because(f, 'reason', 'en')}.`,
    fr: (f) =>
      `${zkServer(f, 'fr')} cesse de servir et cherche de nouveau un leader${because(f, 'reason', 'fr')}.`,
  },
  ZkSessionExpired: {
    en: (f) =>
      `ZooKeeper${f.n('server') === null ? '' : ` (server ${f.n('server') as number})`} expired ${sessionText(f, 'en')} of ${ownerText(f, 'en')}: no heartbeat within the session timeout.`,
    fr: (f) =>
      `ZooKeeper${f.n('server') === null ? '' : ` (serveur ${f.n('server') as number})`} a fait expirer ${sessionText(f, 'fr')} ${de(ownerText(f, 'fr'))} : aucun signe de vie dans le délai de session.`,
  },
  ZkEphemeralDeleted: {
    en: (f) =>
      `ZooKeeper deleted the ephemeral znode${f.s('path') === null ? '' : ` ${f.s('path') as string}`} along with ${ownerText(f, 'en')}'s session; its watchers are notified.`,
    fr: (f) =>
      `ZooKeeper a supprimé le znode éphémère${f.s('path') === null ? '' : ` ${f.s('path') as string}`} avec la session ${de(ownerText(f, 'fr'))} ; ceux qui le surveillent sont prévenus.`,
  },
  BrokerZkSessionExpired: {
    en: (f) =>
      `${cap(broker(f.n('broker'), 'en'))} learned that its ZooKeeper session expired: it is no longer registered, so ${controller(f.n('controller'), 'en')} treats it as gone and moves its leaderships; it opens a new session and registers again.`,
    fr: (f) =>
      `${cap(broker(f.n('broker'), 'fr'))} apprend que sa session ZooKeeper a expiré : il n’est plus enregistré, donc ${controller(f.n('controller'), 'fr')} le considère comme parti et déplace ses leaderships ; il ouvre une nouvelle session et s’enregistre à nouveau.`,
  },
  BrokerZkDisconnected: {
    en: (f) =>
      `${cap(broker(f.n('broker'), 'en'))} lost its connection to ZooKeeper; its session lives on until zookeeper.session.timeout.ms runs out.`,
    fr: (f) =>
      `${cap(broker(f.n('broker'), 'fr'))} a perdu sa connexion à ZooKeeper ; sa session survit jusqu’à l’expiration de zookeeper.session.timeout.ms.`,
  },

  // ------------------------------------------------------------------ KRaft's Raft quorum
  RaftElectionStarted: {
    en: (f) =>
      `${kraftName(f, 'en')} starts a KRaft election as a candidate${f.n('epoch') === null ? '' : ` for epoch ${f.n('epoch') as number}`}.`,
    fr: (f) =>
      `${kraftName(f, 'fr')} lance une élection KRaft comme candidat${f.n('epoch') === null ? '' : ` pour l’epoch ${f.n('epoch') as number}`}.`,
  },
  RaftLeaderElected: {
    en: (f) =>
      `${kraftName(f, 'en')} won the KRaft election: it leads the metadata quorum${f.n('epoch') === null ? '' : ` in epoch ${f.n('epoch') as number}`}.`,
    fr: (f) =>
      `${kraftName(f, 'fr')} a gagné l’élection KRaft : il est leader du quorum de métadonnées${f.n('epoch') === null ? '' : ` pour l’epoch ${f.n('epoch') as number}`}.`,
  },
  RaftLeaderResigned: {
    en: (f) =>
      `${kraftName(f, 'en')} steps down as KRaft leader${f.n('epoch') === null ? '' : ` of epoch ${f.n('epoch') as number}`}${reason(f, 'reason', 'en') === null ? '' : `: ${f.s('reason') === 'check-quorum' ? 'it lost contact with a majority of the voters (check quorum)' : (reason(f, 'reason', 'en') as string)}`}.`,
    fr: (f) =>
      `${kraftName(f, 'fr')} cesse d’être leader KRaft${f.n('epoch') === null ? '' : ` de l’epoch ${f.n('epoch') as number}`}${reason(f, 'reason', 'fr') === null ? '' : ` : ${reason(f, 'reason', 'fr') as string}`}.`,
  },
  RaftLogTruncated: {
    en: (f) =>
      `${kraftName(f, 'en')} truncated its metadata log${f.n('offset') === null ? '' : ` to offset ${f.n('offset') as number}`}${f.n('dropped') === null ? '' : `, dropping ${count(f.n('dropped') as number, 'uncommitted record', 'uncommitted records', 'en')} that the leader${f.n('epoch') === null ? '' : ` of epoch ${f.n('epoch') as number}`} does not have`}, to match the leader.`,
    fr: (f) =>
      `${kraftName(f, 'fr')} a tronqué son log de métadonnées${f.n('offset') === null ? '' : ` à l’offset ${f.n('offset') as number}`}${f.n('dropped') === null ? '' : `, en supprimant ${count(f.n('dropped') as number, 'record non commité', 'records non commités', 'fr')} absents du leader${f.n('epoch') === null ? '' : ` de l’epoch ${f.n('epoch') as number}`}`}, pour s’aligner sur le leader.`,
  },
};

const DESER_REASON_FR: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^reader schema not found$/, () => 'schéma de lecture introuvable'],
  [/^not JSON$/, () => 'ce n’est pas du JSON'],
  [/^not a JSON object$/, () => 'ce n’est pas un objet JSON'],
  [/^unknown magic byte$/, () => 'octet magique inconnu'],
  [/^schema not found$/, () => 'schéma introuvable dans le Schema Registry'],
  [
    /^writer schema (\d+) unreadable$/,
    (m) => `le schéma d’écriture ${m[1] as string} est illisible avec le schéma de lecture`,
  ],
  [/^malformed$/, () => 'record mal formé'],
];

function deserReasonFr(r: string): string {
  for (const [re, fr] of DESER_REASON_FR) {
    const m = re.exec(r);
    if (m !== null) return fr(m);
  }
  return `« ${r} »`;
}

/** "subject orders-value" / "le sujet orders-value". */
function subject(f: Fields, lang: Lang): string {
  return named(f, lang, 'subject', { en: ['a subject', 'subject'], fr: ['un sujet', 'le sujet'] });
}

/** fr: "du sujet orders-value". */
function duSujet(f: Fields): string {
  return orSomeone(f, 'subject', 'd’un sujet', 'du sujet');
}

function byText(f: Fields, lang: Lang): string {
  const by = f.s('by');
  if (by === null || by === 'registerSchema') return '';
  return lang === 'en' ? ` for ${by}` : ` pour ${by}`;
}

Object.assign(N, {
  // ------------------------------------------------------------------ console tools
  ConsoleProducerStarted: {
    en: (f: Fields) =>
      `kafka-console-producer started: ${decap(producerName(f, 'en'))} sends each typed line to ${f.s('topic') === null ? 'its topic' : `topic ${f.s('topic') as string}`}.`,
    fr: (f: Fields) =>
      `kafka-console-producer a démarré : ${decap(producerName(f, 'fr'))} envoie chaque ligne tapée ${f.s('topic') === null ? 'dans son topic' : `dans le topic ${f.s('topic') as string}`}.`,
  },
  ConsoleProducerClosed: {
    en: (f: Fields) => {
      const n = f.n('unsentLines');
      return `kafka-console-producer closed (${decap(producerName(f, 'en'))})${n === null || n === 0 ? '' : `; ${count(n, 'line was', 'lines were', 'en')} never sent`}.`;
    },
    fr: (f: Fields) => {
      const n = f.n('unsentLines');
      return `kafka-console-producer s’est fermé (${decap(producerName(f, 'fr'))})${n === null || n === 0 ? '' : ` ; ${count(n, 'ligne n’a', 'lignes n’ont', 'fr')} jamais été envoyée${n > 1 ? 's' : ''}`}.`;
    },
  },
  ConsoleConsumerStarted: {
    en: (f: Fields) =>
      `kafka-console-consumer started: ${decap(consumerName(f, 'en'))} reads ${f.s('topic') === null ? 'a topic' : `topic ${f.s('topic') as string}`}${f.s('groupId') === null ? '' : ` in ${groupName(f, 'en')}`}${f.b('fromBeginning') === true ? ', from the beginning (--from-beginning)' : ''}.`,
    fr: (f: Fields) =>
      `kafka-console-consumer a démarré : ${decap(consumerName(f, 'fr'))} lit ${f.s('topic') === null ? 'un topic' : `le topic ${f.s('topic') as string}`}${f.s('groupId') === null ? '' : ` dans ${groupName(f, 'fr')}`}${f.b('fromBeginning') === true ? ', depuis le début (--from-beginning)' : ''}.`,
  },
  ConsoleConsumerClosed: {
    en: (f: Fields) =>
      `kafka-console-consumer closed (${decap(consumerName(f, 'en'))})${f.n('messages') === null ? '' : `: processed a total of ${count(f.n('messages') as number, 'message', 'messages', 'en')}`}.`,
    fr: (f: Fields) =>
      `kafka-console-consumer s’est fermé (${decap(consumerName(f, 'fr'))})${f.n('messages') === null ? '' : ` : ${count(f.n('messages') as number, 'message traité', 'messages traités', 'fr')} au total`}.`,
  },

  // ------------------------------------------------------------------ Schema Registry and serdes
  SchemaRegistered: {
    en: (f: Fields) => {
      const v = f.n('version');
      const id = f.n('id');
      const which = `${v === null ? 'a version' : `version ${v}`} of ${subject(f, 'en')}${id === null ? '' : ` (schema id ${id})`}`;
      return f.b('existing') === true
        ? `The Schema Registry already had this schema: ${which}${byText(f, 'en')}.`
        : `The Schema Registry registered ${which}${byText(f, 'en')}.`;
    },
    fr: (f: Fields) => {
      const v = f.n('version');
      const id = f.n('id');
      const which = `${v === null ? 'une version' : `la version ${v}`} ${duSujet(f)}${id === null ? '' : ` (id de schéma ${id})`}`;
      return f.b('existing') === true
        ? `Le Schema Registry avait déjà ce schéma : ${which}${byText(f, 'fr')}.`
        : `Le Schema Registry a enregistré ${which}${byText(f, 'fr')}.`;
    },
  },
  SchemaRejected: {
    en: (f: Fields) => {
      const http = f.n('httpStatus');
      const code = f.n('errorCode');
      const status = [http === null ? null : `HTTP ${http}`, code === null ? null : `error code ${code}`]
        .filter((x) => x !== null)
        .join(', ');
      const head = `The Schema Registry refused a new schema for ${subject(f, 'en')}${byText(f, 'en')}${status === '' ? '' : ` (${status})`}`;
      if (http === 422) return `${head}: the schema is invalid.`;
      const old = f.n('oldVersion');
      const level = f.s('compatibility');
      const kinds = f.strs('incompatibilities') ?? [];
      return `${head}: it is not${level === null ? '' : ` ${level}`} compatible${old === null || old < 0 ? '' : ` with version ${old}`}${kinds.length > 0 ? ` (${kinds.join(', ')})` : ''}.`;
    },
    fr: (f: Fields) => {
      const http = f.n('httpStatus');
      const code = f.n('errorCode');
      const status = [http === null ? null : `HTTP ${http}`, code === null ? null : `code d’erreur ${code}`]
        .filter((x) => x !== null)
        .join(', ');
      const head = `Le Schema Registry a refusé un nouveau schéma pour ${subject(f, 'fr')}${byText(f, 'fr')}${status === '' ? '' : ` (${status})`}`;
      if (http === 422) return `${head} : le schéma est invalide.`;
      const old = f.n('oldVersion');
      const level = f.s('compatibility');
      const kinds = f.strs('incompatibilities') ?? [];
      return `${head} : il n’est pas compatible${level === null ? '' : ` ${level}`}${old === null || old < 0 ? '' : ` avec la version ${old}`}${kinds.length > 0 ? ` (${kinds.join(', ')})` : ''}.`;
    },
  },
  CompatibilityChanged: {
    en: (f: Fields) =>
      `${f.s('subject') === null ? 'The global compatibility level' : `The compatibility level of ${subject(f, 'en')}`} is now ${f.s('compatibility') ?? 'changed'}.`,
    fr: (f: Fields) =>
      `${f.s('subject') === null ? 'Le niveau de compatibilité global' : `Le niveau de compatibilité ${duSujet(f)}`} est désormais ${f.s('compatibility') ?? 'modifié'}.`,
  },
  ProducerSchemaChanged: {
    en: (f: Fields) => {
      const fields = f.strs('fields') ?? [];
      const failing = f.s('failing');
      return `${producerName(f, 'en')} now serializes with ${f.n('version') === null ? '' : `version ${f.n('version') as number} of `}${subject(f, 'en')}${f.n('schemaId') === null ? '' : ` (schema id ${f.n('schemaId') as number})`}${fields.length > 0 ? `; fields ${fields.join(', ')}` : ''}${failing === null || failing === '' ? '' : `; but it fails: ${failing}`}.`;
    },
    fr: (f: Fields) => {
      const fields = f.strs('fields') ?? [];
      const failing = f.s('failing');
      return `${producerName(f, 'fr')} sérialise désormais avec ${f.n('version') === null ? '' : `la version ${f.n('version') as number} `}${f.n('version') === null ? subject(f, 'fr') : duSujet(f)}${f.n('schemaId') === null ? '' : ` (id de schéma ${f.n('schemaId') as number})`}${fields.length > 0 ? ` ; champs ${fields.join(', ')}` : ''}${failing === null || failing === '' ? '' : ` ; mais il échoue : « ${failing} »`}.`;
    },
  },
  DeserializationFailed: {
    en: (f: Fields) => {
      const off = f.n('offset');
      const writer = f.n('writerSchemaId');
      const r = f.s('reason');
      return `${consumerName(f, 'en')} cannot deserialize the record${off === null ? '' : ` at offset ${off}`} of ${partitionName(f, 'en')}${f.s('format') === null ? '' : ` (${f.s('format') as string})`}${r === null ? '' : `: ${r}`}${writer === null || writer < 0 ? '' : ` (writer schema id ${writer})`}.`;
    },
    fr: (f: Fields) => {
      const off = f.n('offset');
      const writer = f.n('writerSchemaId');
      const r = f.s('reason');
      return `${consumerName(f, 'fr')} ne peut pas désérialiser le record${off === null ? '' : ` à l’offset ${off}`} ${de(partitionName(f, 'fr'))}${f.s('format') === null ? '' : ` (${f.s('format') as string})`}${r === null ? '' : ` : ${deserReasonFr(r)}`}${writer === null || writer < 0 ? '' : ` (id du schéma d’écriture ${writer})`}.`;
    },
  },
  SchemaResolved: {
    en: (f: Fields) => {
      const w = f.n('writerSchemaId');
      const rd = f.n('readerSchemaId');
      const head = `${consumerName(f, 'en')} reads records written with ${w === null ? 'another schema' : `schema ${w}`}${rd === null || rd === w ? '' : ` through its own schema ${rd}`}`;
      if (f.b('compatible') === false)
        return `${head}, but cannot: ${f.s('problems') ?? 'the schemas are incompatible'}.`;
      const ignored = f.strs('ignoredFields') ?? [];
      const defaulted = f.strs('defaultedFields') ?? [];
      const notes = [
        ignored.length > 0 ? `ignored: ${ignored.join(', ')}` : null,
        defaulted.length > 0 ? `default values for: ${defaulted.join(', ')}` : null,
      ].filter((x) => x !== null);
      return `${head}${notes.length > 0 ? `; ${notes.join('; ')}` : ''}.`;
    },
    fr: (f: Fields) => {
      const w = f.n('writerSchemaId');
      const rd = f.n('readerSchemaId');
      const head = `${consumerName(f, 'fr')} lit des records écrits avec ${w === null ? 'un autre schéma' : `le schéma ${w}`}${rd === null || rd === w ? '' : ` à travers son propre schéma ${rd}`}`;
      if (f.b('compatible') === false)
        return `${head}, mais n’y parvient pas : « ${f.s('problems') ?? 'schémas incompatibles'} ».`;
      const ignored = f.strs('ignoredFields') ?? [];
      const defaulted = f.strs('defaultedFields') ?? [];
      const notes = [
        ignored.length > 0 ? `ignorés : ${ignored.join(', ')}` : null,
        defaulted.length > 0 ? `valeurs par défaut pour : ${defaulted.join(', ')}` : null,
      ].filter((x) => x !== null);
      return `${head}${notes.length > 0 ? ` ; ${notes.join(' ; ')}` : ''}.`;
    },
  },
} satisfies Record<string, Narration>);

// ---------------------------------------------------------------------------- entry points

const SKIP = new Set(['index', 'atMs', 'type']);

/** "broker=2, isr=[1, 3], config=(2 entries)": an event's fields in short form. */
function shortFields(ev: DomainEvent, skip: readonly string[] = []): string {
  const out: string[] = [];
  for (const [k, v] of Object.entries(ev)) {
    if (SKIP.has(k) || skip.includes(k) || v === undefined) continue;
    let text: string;
    if (Array.isArray(v)) text = `[${v.map(scalar).join(', ')}]`;
    else if (v !== null && typeof v === 'object') text = `(${Object.keys(v).length})`;
    else text = scalar(v);
    if (text.length > 60) text = `${text.slice(0, 59)}…`;
    out.push(`${k}=${text}`);
    if (out.length === 8) break;
  }
  return out.join(', ');
}

/** What an event this file does not know says: its type and its fields in short form. */
export function fallbackText(ev: DomainEvent): string {
  const fields = shortFields(ev);
  return fields === '' ? `${ev.type}.` : `${ev.type}: ${fields}.`;
}

/** True when `type` has its own sentence (not the fallback). */
export function hasNarration(type: string): boolean {
  return Object.hasOwn(N, type);
}

/** The event in one sentence, in English or French. */
export function narrate(ev: DomainEvent, lang: Lang): string {
  const n = Object.hasOwn(N, ev.type) ? N[ev.type] : undefined;
  if (n === undefined) return fallbackText(ev);
  return n[lang](new Fields(ev));
}
