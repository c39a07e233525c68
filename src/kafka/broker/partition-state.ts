/**
 * A broker adopting what the controller says: LeaderAndIsr makes it leader or follower of its
 * replicas (creating their logs the first time); UpdateMetadata refreshes its metadata cache.
 * Requests from an older controller epoch are refused (STALE_CONTROLLER_EPOCH).
 */
import { assignEpochStart, newPartitionLog, truncateTo } from '../log/partition-log';
import { getOwn, setOwn } from '../dict';
import { resolveTopicConfig } from '../config/resolve';
import type { KafkaErrorName } from '../protocol/errors';
import type { LeaderAndIsrRequest, UpdateMetadataRequest } from '../protocol/messages';
import type { BrokerState, Replica } from '../state';
import type { KafkaWorld } from '../world';
import { tpKey } from '../names';
import { resetFollowers } from './replica';
import { followFrom, stopFollowing } from './fetcher';
import { completeDelayedProduces, forgetSequencesFrom } from './produce';

/** The highest controller epoch this broker has obeyed. */
function acceptControllerEpoch(b: BrokerState, epoch: number): boolean {
  if (epoch < b.controllerEpoch) return false;
  b.controllerEpoch = epoch;
  return true;
}

export function applyLeaderAndIsr(world: KafkaWorld, b: BrokerState, req: LeaderAndIsrRequest): KafkaErrorName {
  if (!acceptControllerEpoch(b, req.controllerEpoch)) return 'STALE_CONTROLLER_EPOCH';
  b.controllerId = req.controllerId;
  for (const s of req.partitions) {
    const key = tpKey(s.topic, s.partition);
    let r: Replica | undefined = b.replicas[key];
    // An older decision (a late or resent request): older leader epoch, or same epoch but an
    // older partition epoch (Partition.makeLeader / makeFollower skip those).
    if (r !== undefined && (s.leaderEpoch < r.state.leaderEpoch || (s.leaderEpoch === r.state.leaderEpoch && s.partitionEpoch < r.state.partitionEpoch))) continue;
    if (r === undefined) {
      const resolved = resolveTopicConfig(b.config, getOwn(req.topicConfigs, s.topic) ?? {}, `topic ${s.topic}`);
      if (!resolved.ok) continue;
      r = {
        topic: s.topic,
        partition: s.partition,
        log: newPartitionLog(s.topic, s.partition, world.nowMs),
        state: s,
        role: 'follower',
        config: resolved.config,
        followers: {},
        producerIds: {},
        pendingIsr: null,
        pendingIsrCorrelationId: -1,
        followingSinceStart: false,
      };
      b.replicas[key] = r;
    }
    const newEpoch = s.leaderEpoch > r.state.leaderEpoch || r.log.epochs.length === 0;
    r.state = s;
    if (s.leader === b.id) {
      const wasLeader = r.role === 'leader';
      r.role = 'leader';
      r.pendingIsr = null;
      stopFollowing(b, key);
      if (!wasLeader || newEpoch) {
        // A new leader starts its epoch at its log end (KIP-101) and restarts follower clocks.
        assignEpochStart(r.log, s.leaderEpoch, r.log.logEndOffset);
        resetFollowers(r, b.id, world.nowMs);
      }
    } else {
      const becomesFollower = r.role === 'leader' || newEpoch || !r.followingSinceStart;
      r.role = 'follower';
      r.followers = {};
      r.pendingIsr = null;
      if (becomesFollower && world.state.model.scenario.cluster.replication.truncation === 'high-watermark') {
        // The pre-0.11 rule (KIP-101's motivation): a new follower cuts its log back to its own
        // high watermark, which may lag the leader's, and fetches from there.
        if (r.log.logEndOffset > r.log.highWatermark) {
          world.emit('FollowerTruncated', { broker: b.id, topic: s.topic, partition: s.partition, from: r.log.logEndOffset, to: r.log.highWatermark, rule: 'high-watermark' });
          truncateTo(r.log, r.log.highWatermark);
          forgetSequencesFrom(r, r.log.logEndOffset);
        }
      }
      r.followingSinceStart = true;
      if (s.leader >= 0) followFrom(world, b, key, s.leader);
      else stopFollowing(b, key);
    }
  }
  // Produces parked on a partition this broker no longer leads fail now.
  completeDelayedProduces(world, b);
  return 'NONE';
}

export function applyUpdateMetadata(_world: KafkaWorld, b: BrokerState, req: UpdateMetadataRequest): KafkaErrorName {
  if (!acceptControllerEpoch(b, req.controllerEpoch)) return 'STALE_CONTROLLER_EPOCH';
  b.controllerId = req.controllerId;
  b.liveBrokers = req.liveBrokers.map((x) => x.id);
  for (const s of req.partitions) {
    const key = tpKey(s.topic, s.partition);
    const known = b.metadata[key];
    if (known !== undefined && (s.leaderEpoch < known.leaderEpoch || (s.leaderEpoch === known.leaderEpoch && s.partitionEpoch < known.partitionEpoch))) continue;
    b.metadata[key] = s;
    setOwn(b.topicPartitions, s.topic, Math.max(getOwn(b.topicPartitions, s.topic) ?? 0, s.partition + 1));
  }
  for (const t of req.deletedTopics) {
    delete b.topicPartitions[t];
    for (const k of Object.keys(b.metadata)) if (b.metadata[k]?.topic === t) delete b.metadata[k];
  }
  return 'NONE';
}
