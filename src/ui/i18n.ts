/** Every UI string, in English and French. Components call `t(lang, key, params)`. */
export type Lang = 'en' | 'fr';

const en = {
  'app.title': 'Kafkascope',
  'app.tagline': 'A Kafka cluster, simulated and drawn live',
  'controls.play': 'Play',
  'controls.pause': 'Pause',
  'controls.step': 'Step one event',
  'controls.runToEnd': 'Run to the end',
  'controls.speed': 'Speed',
  'controls.language': 'Language',
  'status.clock': 'Simulated time',
  'status.seed': 'Seed',
  'status.traceHash': 'Trace hash',
  'status.steps': 'Kernel events',
  'status.events': 'Domain events',
  'status.scenario': 'Scenario',
  'brokers.heading': 'Brokers',
  'broker.label': 'Broker {id}',
  'broker.controller': 'controller',
  'controlPlane.zookeeper': 'ZooKeeper mode · controller epoch {epoch}',
  'controlPlane.kraft': 'KRaft mode · quorum leader controller-{id}, epoch {epoch}',
  'broker.status.running': 'running',
  'broker.status.crashed': 'crashed',
  'broker.status.stopped': 'stopped',
  'broker.status.paused': 'paused',
  'partitions.heading': 'Partitions',
  'partitions.partition': 'Partition',
  'partitions.leader': 'Leader',
  'partitions.isr': 'ISR',
  'partitions.replicas': 'Replicas (log end offset / high watermark)',
  'clients.heading': 'Clients',
  'clients.producer': 'Producer {id}: {acked} acknowledged, {failed} failed',
  'clients.consumer': '{name} reads {partitions}: {delivered} records',
  'log.heading': 'Event log',
  'log.empty': 'Nothing has happened yet.',
  'error.heading': 'This scenario cannot be loaded',
} as const;

export type MessageKey = keyof typeof en;

const fr: Record<MessageKey, string> = {
  'app.title': 'Kafkascope',
  'app.tagline': 'Un cluster Kafka, simulé et dessiné en direct',
  'controls.play': 'Lecture',
  'controls.pause': 'Pause',
  'controls.step': 'Avancer d’un événement',
  'controls.runToEnd': 'Aller à la fin',
  'controls.speed': 'Vitesse',
  'controls.language': 'Langue',
  'status.clock': 'Temps simulé',
  'status.seed': 'Graine',
  'status.traceHash': 'Empreinte de la trace',
  'status.steps': 'Événements du noyau',
  'status.events': 'Événements du domaine',
  'status.scenario': 'Scénario',
  'brokers.heading': 'Brokers',
  'broker.label': 'Broker {id}',
  'broker.controller': 'contrôleur',
  'controlPlane.zookeeper': 'mode ZooKeeper · époque du contrôleur {epoch}',
  'controlPlane.kraft': 'mode KRaft · leader du quorum controller-{id}, époque {epoch}',
  'broker.status.running': 'en marche',
  'broker.status.crashed': 'planté',
  'broker.status.stopped': 'arrêté',
  'broker.status.paused': 'en pause',
  'partitions.heading': 'Partitions',
  'partitions.partition': 'Partition',
  'partitions.leader': 'Leader',
  'partitions.isr': 'ISR',
  'partitions.replicas': 'Répliques (fin du log / high watermark)',
  'clients.heading': 'Clients',
  'clients.producer': 'Producteur {id} : {acked} acquittés, {failed} en échec',
  'clients.consumer': '{name} lit {partitions} : {delivered} messages',
  'log.heading': 'Journal des événements',
  'log.empty': 'Rien ne s’est encore passé.',
  'error.heading': 'Ce scénario ne peut pas être chargé',
};

const dictionaries: Record<Lang, Record<MessageKey, string>> = { en, fr };

export function t(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = dictionaries[lang][key];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** Simulated time as m:ss.mmm (hours when needed). */
export function formatSimTime(ms: number): string {
  const totalSeconds = Math.floor(ms / 1000);
  const millis = ms % 1000;
  const seconds = totalSeconds % 60;
  const minutes = Math.floor(totalSeconds / 60) % 60;
  const hours = Math.floor(totalSeconds / 3600);
  const mmss = `${String(minutes).padStart(hours > 0 ? 2 : 1, '0')}:${String(seconds).padStart(2, '0')}.${String(millis).padStart(3, '0')}`;
  return hours > 0 ? `${hours}:${mmss}` : mmss;
}
