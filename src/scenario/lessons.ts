/**
 * The lesson library: built-in scenarios with narration steps (English and French), prediction
 * questions and `expect` checks, grouped by the chapters of the course our students follow.
 * Each lesson is a scenario file in `scenarios/lessons/<id>.json`; add one line below to list it
 * (see docs/writing-a-lesson.md).
 */
import { parseScenario } from './parse';
import type { Scenario } from './schema';
import type { ScenarioProblem } from './errors';
// Lessons of the course's chapters (2–16, 21–24).
import helloConsole from '../../scenarios/lessons/hello-console.json' with { type: 'json' };
import batches from '../../scenarios/lessons/batches.json' with { type: 'json' };
import schemas from '../../scenarios/lessons/schemas.json' with { type: 'json' };
import orderInAPartition from '../../scenarios/lessons/order-in-a-partition.json' with { type: 'json' };
import keysChooseThePartition from '../../scenarios/lessons/keys-choose-the-partition.json' with { type: 'json' };
import threeWaysToSend from '../../scenarios/lessons/three-ways-to-send.json' with { type: 'json' };
import acksAndMinInsyncReplicas from '../../scenarios/lessons/acks-and-min-insync-replicas.json' with { type: 'json' };
import aGroupSharesTheWork from '../../scenarios/lessons/a-group-shares-the-work.json' with { type: 'json' };
import twoConsumersFourPartitions from '../../scenarios/lessons/two-consumers-four-partitions.json' with { type: 'json' };
import fourConsumersFourPartitions from '../../scenarios/lessons/four-consumers-four-partitions.json' with { type: 'json' };
import fiveConsumersFourPartitions from '../../scenarios/lessons/five-consumers-four-partitions.json' with { type: 'json' };
import twoGroupsOneTopic from '../../scenarios/lessons/two-groups-one-topic.json' with { type: 'json' };
import autoCommitRedelivery from '../../scenarios/lessons/auto-commit-redelivery.json' with { type: 'json' };
import commitSyncAsyncBoth from '../../scenarios/lessons/commit-sync-async-both.json' with { type: 'json' };
import retentionTimeAndSize from '../../scenarios/lessons/retention-time-and-size.json' with { type: 'json' };
import retentionPerTopic from '../../scenarios/lessons/retention-per-topic.json' with { type: 'json' };
import maintenanceCatchUp from '../../scenarios/lessons/maintenance-catch-up.json' with { type: 'json' };
import placing30Replicas from '../../scenarios/lessons/placing-30-replicas.json' with { type: 'json' };
import activityTracking from '../../scenarios/lessons/activity-tracking.json' with { type: 'json' };
import notifications from '../../scenarios/lessons/notifications.json' with { type: 'json' };
import metricsAndLogs from '../../scenarios/lessons/metrics-and-logs.json' with { type: 'json' };
// End of the course chapters' imports.
// Lessons 17–33: internals, KRaft and the failure stories.
import whoIsTheController from '../../scenarios/lessons/who-is-the-controller.json' with { type: 'json' };
import leadersAndFollowers from '../../scenarios/lessons/leaders-and-followers.json' with { type: 'json' };
import aBrokerDies from '../../scenarios/lessons/a-broker-dies.json' with { type: 'json' };
import requests from '../../scenarios/lessons/requests.json' with { type: 'json' };
import kraft from '../../scenarios/lessons/kraft.json' with { type: 'json' };
import acks1LostWrite from '../../scenarios/lessons/acks1-lost-write.json' with { type: 'json' };
import jepsen2013 from '../../scenarios/lessons/jepsen-2013.json' with { type: 'json' };
import hwTruncationThenLeaderChange from '../../scenarios/lessons/hw-truncation-then-leader-change.json' with { type: 'json' };
import divergentLogs from '../../scenarios/lessons/divergent-logs.json' with { type: 'json' };
import leaderEpochs from '../../scenarios/lessons/leader-epochs.json' with { type: 'json' };
import lastReplicaStanding from '../../scenarios/lessons/last-replica-standing.json' with { type: 'json' };
import duplicatesAfterRebalance from '../../scenarios/lessons/duplicates-after-rebalance.json' with { type: 'json' };
import rebalanceStorm from '../../scenarios/lessons/rebalance-storm.json' with { type: 'json' };
import zombieConsumer from '../../scenarios/lessons/zombie-consumer.json' with { type: 'json' };
import retriesWithoutIdempotence from '../../scenarios/lessons/retries-without-idempotence.json' with { type: 'json' };
import alternatingUncleanElections from '../../scenarios/lessons/alternating-unclean-elections.json' with { type: 'json' };
import offsetsExpire from '../../scenarios/lessons/offsets-expire.json' with { type: 'json' };
// End of lessons 17–33 imports.

export type ChapterId =
  | 'example'
  | 'messages'
  | 'schemas'
  | 'topics'
  | 'producers-consumers'
  | 'brokers'
  | 'retention'
  | 'why-kafka'
  | 'use-cases'
  | 'producer-api'
  | 'consumer-api'
  | 'internals'
  | 'kraft'
  | 'failures';

/** The course's chapters, in its order (and two of ours: KRaft, and the failure stories). */
export const CHAPTERS: readonly { id: ChapterId; en: string; fr: string }[] = [
  { id: 'example', en: 'A hands-on example', fr: 'Un exemple pratique' },
  { id: 'messages', en: 'Messages and batches', fr: 'Messages et lots' },
  { id: 'schemas', en: 'Schemas', fr: 'Schémas' },
  { id: 'topics', en: 'Topics and partitions', fr: 'Topics et partitions' },
  { id: 'producers-consumers', en: 'Producers and consumers', fr: 'Producteurs et consommateurs' },
  { id: 'brokers', en: 'Brokers and clusters', fr: 'Brokers et clusters' },
  { id: 'retention', en: 'Retention', fr: 'Rétention' },
  { id: 'why-kafka', en: 'Why Kafka', fr: 'Pourquoi Kafka' },
  { id: 'use-cases', en: 'Use cases', fr: 'Cas d’utilisation' },
  { id: 'producer-api', en: 'The producer API', fr: 'L’API producteur' },
  { id: 'consumer-api', en: 'The consumer API', fr: 'L’API consommateur' },
  { id: 'internals', en: 'Internals', fr: 'Fonctionnement interne' },
  { id: 'kraft', en: 'KRaft, the controller today', fr: 'KRaft, le contrôleur aujourd’hui' },
  { id: 'failures', en: 'Failure stories', fr: 'Histoires de pannes' },
];

export interface LessonEntry {
  /** Stable id, used in links and in `npm run sim -- lesson:<id>`; equals the scenario's `name`. */
  id: string;
  chapter: ChapterId;
  /** The scenario file's JSON, as shipped (validated by `loadLesson`). */
  scenario: unknown;
}

/** One line per lesson, in the order a course would take them. */
export const LESSONS: readonly LessonEntry[] = [
  // Lessons of the course's chapters (2–16, 21–24).
  { id: 'hello-console', chapter: 'example', scenario: helloConsole },
  { id: 'batches', chapter: 'messages', scenario: batches },
  { id: 'schemas', chapter: 'schemas', scenario: schemas },
  { id: 'order-in-a-partition', chapter: 'topics', scenario: orderInAPartition },
  { id: 'keys-choose-the-partition', chapter: 'producer-api', scenario: keysChooseThePartition },
  { id: 'three-ways-to-send', chapter: 'producer-api', scenario: threeWaysToSend },
  { id: 'acks-and-min-insync-replicas', chapter: 'brokers', scenario: acksAndMinInsyncReplicas },
  { id: 'a-group-shares-the-work', chapter: 'producers-consumers', scenario: aGroupSharesTheWork },
  { id: 'two-consumers-four-partitions', chapter: 'consumer-api', scenario: twoConsumersFourPartitions },
  { id: 'four-consumers-four-partitions', chapter: 'consumer-api', scenario: fourConsumersFourPartitions },
  { id: 'five-consumers-four-partitions', chapter: 'consumer-api', scenario: fiveConsumersFourPartitions },
  { id: 'two-groups-one-topic', chapter: 'consumer-api', scenario: twoGroupsOneTopic },
  { id: 'auto-commit-redelivery', chapter: 'consumer-api', scenario: autoCommitRedelivery },
  { id: 'commit-sync-async-both', chapter: 'consumer-api', scenario: commitSyncAsyncBoth },
  { id: 'retention-time-and-size', chapter: 'retention', scenario: retentionTimeAndSize },
  { id: 'retention-per-topic', chapter: 'retention', scenario: retentionPerTopic },
  { id: 'maintenance-catch-up', chapter: 'why-kafka', scenario: maintenanceCatchUp },
  { id: 'placing-30-replicas', chapter: 'internals', scenario: placing30Replicas },
  { id: 'activity-tracking', chapter: 'use-cases', scenario: activityTracking },
  { id: 'notifications', chapter: 'use-cases', scenario: notifications },
  { id: 'metrics-and-logs', chapter: 'use-cases', scenario: metricsAndLogs },
  // End of the course chapters' lessons.
  // Lessons 17–33: internals, KRaft and the failure stories.
  { id: 'who-is-the-controller', chapter: 'internals', scenario: whoIsTheController },
  { id: 'leaders-and-followers', chapter: 'internals', scenario: leadersAndFollowers },
  { id: 'a-broker-dies', chapter: 'brokers', scenario: aBrokerDies },
  { id: 'requests', chapter: 'internals', scenario: requests },
  { id: 'kraft', chapter: 'kraft', scenario: kraft },
  { id: 'acks1-lost-write', chapter: 'failures', scenario: acks1LostWrite },
  { id: 'jepsen-2013', chapter: 'failures', scenario: jepsen2013 },
  { id: 'hw-truncation-then-leader-change', chapter: 'failures', scenario: hwTruncationThenLeaderChange },
  { id: 'divergent-logs', chapter: 'failures', scenario: divergentLogs },
  { id: 'leader-epochs', chapter: 'failures', scenario: leaderEpochs },
  { id: 'last-replica-standing', chapter: 'failures', scenario: lastReplicaStanding },
  { id: 'duplicates-after-rebalance', chapter: 'failures', scenario: duplicatesAfterRebalance },
  { id: 'rebalance-storm', chapter: 'failures', scenario: rebalanceStorm },
  { id: 'zombie-consumer', chapter: 'failures', scenario: zombieConsumer },
  { id: 'retries-without-idempotence', chapter: 'failures', scenario: retriesWithoutIdempotence },
  { id: 'alternating-unclean-elections', chapter: 'failures', scenario: alternatingUncleanElections },
  { id: 'offsets-expire', chapter: 'failures', scenario: offsetsExpire },
  // End of lessons 17–33.
];

export function lessonById(id: string): LessonEntry | undefined {
  return LESSONS.find((l) => l.id === id);
}

export function loadLesson(id: string): { ok: true; scenario: Scenario; entry: LessonEntry } | { ok: false; problems: ScenarioProblem[] } {
  const entry = lessonById(id);
  if (entry === undefined) return { ok: false, problems: [{ path: '(document)', message: `no lesson is called "${id}"` }] };
  const parsed = parseScenario(entry.scenario);
  return parsed.ok ? { ok: true, scenario: parsed.scenario, entry } : parsed;
}
