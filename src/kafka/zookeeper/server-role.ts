/** Leaving a role: what every path back to `looking` has in common. */
import { closeAllConnections } from './server-sessions';
import { isServing, type AnyWorld, type ZkServerState } from './server-state';

/**
 * Stops serving: clients are told to go elsewhere (ZooKeeper closes their sockets when it leaves
 * the quorum); a server that was serving says it lost its quorum.
 */
export function goLooking(world: AnyWorld, s: ZkServerState, reason: string): void {
  if (s.vol.role === 'looking') return;
  if (isServing(s)) world.emit('ZkQuorumLost', { server: s.id, reason });
  closeAllConnections(world, s);
  const v = s.vol;
  v.role = 'looking';
  v.leaderId = 0;
  v.epoch = 0;
  v.leader = null;
  v.promisedTo = 0;
  v.sinceMs = world.nowMs;
}
