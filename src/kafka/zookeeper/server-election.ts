/**
 * Leader election and ZAB's discovery and synchronisation phases, simplified.
 *
 * Every server pings every other one each heartbeat, saying whom it hears. Two servers are
 * connected when each heard the other within the peer timeout. A looking server connected to a
 * majority picks its target: an established leader among them if there is one, else the lowest
 * id among them (FastLeaderElection would pick the most up-to-date server instead).
 *
 * The target leads: the servers that want to follow it (ZkFollow) are offered a new epoch, higher
 * than any they accepted (ZkNewEpoch); each promises not to follow an older one (ZkAckEpoch) and
 * says how recent its history is. With a majority of promises the leader takes the most
 * up-to-date history among them (highest current epoch, then zxid) - asking for a copy when it is
 * not its own - commits it, and sends each follower a full copy (ZkSync). A server promises a
 * given epoch to one leader only, so no two leaders ever share an epoch, hence never a zxid.
 *
 * A follower that stops hearing its leader, and a leader that no longer has a majority, go back to
 * looking and drop their clients.
 */
import {
  ZK_ACK_EPOCH,
  ZK_FOLLOW,
  ZK_NEW_EPOCH,
  ZK_PEER_PING,
  ZK_SNAPSHOT,
  ZK_SNAPSHOT_REQUEST,
  type ZkAckEpochPayload,
  type ZkFollowPayload,
  type ZkNewEpochPayload,
  type ZkPeerPingPayload,
  type ZkSnapshotPayload,
  type ZkSnapshotRequestPayload,
} from './protocol';
import { goLooking } from './server-role';
import { touchSession } from './server-sessions';
import {
  ZK_DISCOVERY_TIMEOUT_MS,
  ZK_HEARTBEAT_MS,
  ZK_PEER_TIMEOUT_MS,
  heardRecently,
  isEstablishedLeader,
  lastLoggedZxid,
  majority,
  nodeOfServer,
  replicaIds,
  type AnyWorld,
  type ZkServerState,
} from './server-state';
import { applyCommitted, onZabPing, syncFollower } from './server-zab';
import { databaseBytes, getSession } from './tree';

function heardIds(s: ZkServerState, nowMs: number): number[] {
  const out: number[] = [];
  for (let id = 1; id <= s.ensemble.length; id++)
    if (id !== s.id && heardRecently(s, id, nowMs, ZK_PEER_TIMEOUT_MS)) out.push(id);
  return out;
}

/** Itself plus every server it hears that also said it hears this one. Ascending. */
function connectedIds(s: ZkServerState, nowMs: number): number[] {
  const out = [s.id];
  for (const id of heardIds(s, nowMs))
    if (s.vol.peers[id - 1]?.ping?.hears.includes(s.id) === true) out.push(id);
  return out.sort((a, b) => a - b);
}

export function sendPeerPings(world: AnyWorld, s: ZkServerState): void {
  const v = s.vol;
  const base: Omit<ZkPeerPingPayload, 'touched'> = {
    acceptedEpoch: s.disk.acceptedEpoch,
    epoch: v.epoch,
    role: v.role,
    established: isEstablishedLeader(s),
    leaderId: v.leaderId,
    lastZxid: lastLoggedZxid(s),
    committedZxid: s.disk.db.lastZxid,
    hears: heardIds(s, world.nowMs),
    followers: v.leader === null ? [] : replicaIds(v.leader),
  };
  for (let id = 1; id <= s.ensemble.length; id++) {
    if (id === s.id) continue;
    const toLeader = v.role === 'following' && id === v.leaderId;
    const payload: ZkPeerPingPayload = { ...base, touched: toLeader ? v.touched : [] };
    if (toLeader) v.touched = [];
    world.send(s.node, nodeOfServer(s, id), ZK_PEER_PING, payload, 32 + 8 * payload.touched.length);
  }
}

function startLeading(world: AnyWorld, s: ZkServerState): void {
  const v = s.vol;
  v.role = 'leading';
  v.leaderId = s.id;
  v.epoch = 0;
  v.promisedTo = 0;
  v.sinceMs = world.nowMs;
  v.leader = {
    phase: 'discovery',
    phaseSinceMs: world.nowMs,
    followerEpochs: {},
    proposedEpoch: 0,
    epochAcks: {},
    snapshotFrom: 0,
    followers: [],
    syncing: {},
    counter: 0,
    acks: {},
    sessionDeadlines: {},
    closing: [],
  };
  maybeProposeEpoch(world, s);
}

function sortedIds(rec: Record<string, unknown>): number[] {
  return Object.keys(rec)
    .map(Number)
    .sort((a, b) => a - b);
}

/** A majority wants to follow: offer them an epoch above every epoch any of them accepted. */
function maybeProposeEpoch(world: AnyWorld, s: ZkServerState): void {
  const l = s.vol.leader;
  if (l === null || l.phase !== 'discovery' || l.proposedEpoch !== 0) return;
  const ids = sortedIds(l.followerEpochs);
  if (ids.length + 1 < majority(s)) return;
  let maxEpoch = s.disk.acceptedEpoch;
  for (const id of ids) maxEpoch = Math.max(maxEpoch, l.followerEpochs[String(id)] ?? 0);
  l.proposedEpoch = maxEpoch + 1;
  s.vol.epoch = l.proposedEpoch;
  const offer: ZkNewEpochPayload = { epoch: l.proposedEpoch };
  for (const id of ids) world.send(s.node, nodeOfServer(s, id), ZK_NEW_EPOCH, offer, 16);
  maybeFinishDiscovery(world, s);
}

/** A majority promised the epoch: take the best history (ours or a copy), then serve. */
function maybeFinishDiscovery(world: AnyWorld, s: ZkServerState): void {
  const l = s.vol.leader;
  if (l === null || l.phase !== 'discovery' || l.proposedEpoch === 0) return;
  const ids = sortedIds(l.epochAcks);
  if (ids.length + 1 < majority(s)) return;
  s.disk.acceptedEpoch = l.proposedEpoch;
  let best = s.id;
  let bestEpoch = s.disk.currentEpoch;
  let bestZxid = lastLoggedZxid(s);
  for (const id of ids) {
    const a = l.epochAcks[String(id)];
    if (
      a !== undefined &&
      (a.currentEpoch > bestEpoch || (a.currentEpoch === bestEpoch && a.lastZxid > bestZxid))
    ) {
      best = id;
      bestEpoch = a.currentEpoch;
      bestZxid = a.lastZxid;
    }
  }
  if (best === s.id) {
    establish(world, s);
    return;
  }
  l.phase = 'fetching';
  l.snapshotFrom = best;
  const req: ZkSnapshotRequestPayload = { epoch: l.proposedEpoch };
  world.send(s.node, nodeOfServer(s, best), ZK_SNAPSHOT_REQUEST, req, 16);
}

/** The new leader commits its history, starts every session's clock afresh and syncs its followers. */
function establish(world: AnyWorld, s: ZkServerState): void {
  const l = s.vol.leader;
  if (l === null) return;
  l.phase = 'established';
  l.phaseSinceMs = world.nowMs;
  s.disk.currentEpoch = s.vol.epoch;
  const history = s.disk.log;
  s.disk.log = [];
  for (const p of history) applyCommitted(world, s, p);
  for (const key of Object.keys(s.disk.db.sessions)) {
    const session = getSession(s.disk.db, Number(key));
    if (session !== undefined) l.sessionDeadlines[key] = world.nowMs + session.timeoutMs;
  }
  world.emit('ZkLeaderElected', { server: s.id, epoch: s.vol.epoch });
  for (const id of sortedIds(l.epochAcks)) syncFollower(world, s, id);
}

/** Whom to follow among the connected servers: an established leader if any (the newest), else the lowest id. */
function electionTarget(s: ZkServerState, connected: number[]): number {
  let target = 0;
  let targetEpoch = -1;
  for (const id of connected) {
    const ping = s.vol.peers[id - 1]?.ping;
    if (id !== s.id && ping?.role === 'leading' && ping.established && ping.epoch > targetEpoch) {
      target = id;
      targetEpoch = ping.epoch;
    }
  }
  return target === 0 ? (connected[0] ?? s.id) : target;
}

/** Runs every heartbeat (and on each peer ping until elected): decides this server's role. */
export function evaluateRole(world: AnyWorld, s: ZkServerState): void {
  const now = world.nowMs;
  const v = s.vol;
  const connected = connectedIds(s, now);
  const quorum = connected.length >= majority(s);
  if (v.role === 'leading' && v.leader !== null && v.leader.phase !== 'established') {
    // A candidate whose view changed (a lower id or an established leader showed up) gives way.
    if (
      !quorum ||
      electionTarget(s, connected) !== s.id ||
      now - v.leader.phaseSinceMs > ZK_DISCOVERY_TIMEOUT_MS
    )
      goLooking(world, s, 'election failed');
  }
  if (v.role === 'looking') {
    if (!quorum) return;
    const target = electionTarget(s, connected);
    if (target === s.id) {
      startLeading(world, s);
    } else if (v.lastFollowSentMs < 0 || now - v.lastFollowSentMs >= ZK_HEARTBEAT_MS) {
      v.lastFollowSentMs = now;
      const follow: ZkFollowPayload = { acceptedEpoch: s.disk.acceptedEpoch };
      world.send(s.node, nodeOfServer(s, target), ZK_FOLLOW, follow, 16);
    }
    return;
  }
  if (v.role === 'following') {
    const lv = v.peers[v.leaderId - 1];
    if (!heardRecently(s, v.leaderId, now, ZK_PEER_TIMEOUT_MS)) {
      goLooking(world, s, 'leader unreachable');
      return;
    }
    // A ping sent after the leader synced us must list us; otherwise it dropped us.
    const ping = lv?.ping;
    if (lv !== undefined && ping != null && lv.pingAtMs > v.sinceMs) {
      if (ping.role !== 'leading' || ping.epoch !== v.epoch || !ping.followers.includes(s.id))
        goLooking(world, s, 'leader left');
    }
    return;
  }
  const l = v.leader;
  if (l === null || l.phase !== 'established') return;
  for (const id of connected) {
    const ping = v.peers[id - 1]?.ping;
    if (id !== s.id && ping?.role === 'leading' && ping.established && ping.epoch > v.epoch) {
      goLooking(world, s, 'newer leader');
      return;
    }
  }
  l.followers = l.followers.filter((id) => connected.includes(id));
  for (const id of sortedIds(l.syncing)) {
    const sentAtMs = l.syncing[String(id)] ?? 0;
    if (!connected.includes(id) || now - sentAtMs > ZK_DISCOVERY_TIMEOUT_MS) delete l.syncing[String(id)];
  }
  if (replicaIds(l).length + 1 < majority(s)) goLooking(world, s, 'quorum lost');
}

export function onPeerPing(world: AnyWorld, s: ZkServerState, fromId: number, p: ZkPeerPingPayload): void {
  const peer = s.vol.peers[fromId - 1];
  if (peer === undefined) return;
  peer.ping = p;
  peer.pingAtMs = world.nowMs;
  onZabPing(world, s, fromId, p);
  if (isEstablishedLeader(s) && s.vol.leader !== null && replicaIds(s.vol.leader).includes(fromId)) {
    for (const id of p.touched) touchSession(s, id, world.nowMs);
  }
  if (s.vol.role === 'looking' || (s.vol.role === 'leading' && !isEstablishedLeader(s)))
    evaluateRole(world, s);
}

/** FOLLOWERINFO: a server wants to follow this one. */
export function onFollow(world: AnyWorld, s: ZkServerState, fromId: number, p: ZkFollowPayload): void {
  const l = s.vol.leader;
  if (s.vol.role !== 'leading' || l === null) return;
  if (l.phase === 'established') {
    // It promised a newer epoch to a candidate that failed: only a new election can take it in.
    if (p.acceptedEpoch > s.vol.epoch) goLooking(world, s, 'a follower promised a newer epoch');
    else syncFollower(world, s, fromId);
    return;
  }
  if (Object.hasOwn(l.epochAcks, String(fromId))) return; // it already promised our epoch
  l.followerEpochs[String(fromId)] = p.acceptedEpoch;
  if (l.proposedEpoch === 0) {
    maybeProposeEpoch(world, s);
  } else if (p.acceptedEpoch < l.proposedEpoch) {
    const offer: ZkNewEpochPayload = { epoch: l.proposedEpoch };
    world.send(s.node, nodeOfServer(s, fromId), ZK_NEW_EPOCH, offer, 16);
  } else if (p.acceptedEpoch > l.proposedEpoch && l.phase === 'discovery') {
    // Someone offered it a newer epoch: start over, higher.
    goLooking(world, s, 'election failed');
  }
}

/** A candidate offers an epoch: promise it if it is newer than any promised before (and still looking). */
export function onNewEpoch(world: AnyWorld, s: ZkServerState, fromId: number, p: ZkNewEpochPayload): void {
  if (s.vol.role !== 'looking') return;
  const fresh =
    p.epoch > s.disk.acceptedEpoch || (p.epoch === s.disk.acceptedEpoch && s.vol.promisedTo === fromId);
  if (!fresh) return;
  s.disk.acceptedEpoch = p.epoch;
  s.vol.promisedTo = fromId;
  const ack: ZkAckEpochPayload = {
    epoch: p.epoch,
    currentEpoch: s.disk.currentEpoch,
    lastZxid: lastLoggedZxid(s),
  };
  world.send(s.node, nodeOfServer(s, fromId), ZK_ACK_EPOCH, ack, 24);
}

export function onAckEpoch(world: AnyWorld, s: ZkServerState, fromId: number, p: ZkAckEpochPayload): void {
  const l = s.vol.leader;
  if (s.vol.role !== 'leading' || l === null || p.epoch !== l.proposedEpoch) return;
  l.epochAcks[String(fromId)] = { currentEpoch: p.currentEpoch, lastZxid: p.lastZxid };
  if (l.phase === 'established') syncFollower(world, s, fromId);
  else maybeFinishDiscovery(world, s);
}

export function onSnapshotRequest(
  world: AnyWorld,
  s: ZkServerState,
  fromId: number,
  p: ZkSnapshotRequestPayload,
): void {
  if (s.vol.role !== 'looking' || s.vol.promisedTo !== fromId) return;
  const reply: ZkSnapshotPayload = {
    epoch: p.epoch,
    db: structuredClone(s.disk.db),
    log: structuredClone(s.disk.log),
  };
  world.send(s.node, nodeOfServer(s, fromId), ZK_SNAPSHOT, reply, databaseBytes(s.disk.db));
}

export function onSnapshot(world: AnyWorld, s: ZkServerState, fromId: number, p: ZkSnapshotPayload): void {
  const l = s.vol.leader;
  if (l === null || l.phase !== 'fetching' || l.snapshotFrom !== fromId || p.epoch !== l.proposedEpoch)
    return;
  s.disk.db = structuredClone(p.db);
  s.disk.log = structuredClone(p.log);
  establish(world, s);
}
