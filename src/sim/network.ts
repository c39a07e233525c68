/**
 * The network as data. Sending computes a delivery time (base latency + link slowness + jitter,
 * clamped so a connection never reorders) or drops the message (partition, loss). Delivery checks
 * again: a partition that started while the message was in flight, or a receiver that crashed or
 * restarted since, drops it. Drops are counted and the latest kept for the UI.
 */
import type { DroppedMessage, DropReason, LinkFault, Message, NetworkConfig, NetworkState, NodeId } from './types';

export const RECENT_DROPS_KEPT = 256;

export function linkKey(from: NodeId, to: NodeId): string {
  return `${from}>${to}`;
}

export function newNetwork(config: NetworkConfig): NetworkState {
  return {
    config: { ...config },
    links: {},
    faultyLinkCount: 0,
    lastDeliverAtMs: [],
    nextMessageId: 1,
    sentCount: 0,
    deliveredCount: 0,
    droppedCount: 0,
    retransmittedCount: 0,
    recentDrops: [],
  };
}

function healthyLink(): LinkFault {
  return { blocked: false, extraLatencyMs: 0, lossNumerator: 0, lossDenominator: 1 };
}

function isHealthy(f: LinkFault): boolean {
  return !f.blocked && f.extraLatencyMs === 0 && f.lossNumerator === 0;
}

/** Changes one directed link; a link back to healthy is removed from the table. */
export function updateLink(net: NetworkState, from: NodeId, to: NodeId, change: Partial<LinkFault>): void {
  const key = linkKey(from, to);
  const next = { ...(net.links[key] ?? healthyLink()), ...change };
  if (isHealthy(next)) delete net.links[key];
  else net.links[key] = next;
  net.faultyLinkCount = Object.keys(net.links).length;
}

export function clearLinkFaults(net: NetworkState): void {
  net.links = {};
  net.faultyLinkCount = 0;
}

export function linkFault(net: NetworkState, from: NodeId, to: NodeId): LinkFault | undefined {
  return net.faultyLinkCount === 0 ? undefined : net.links[linkKey(from, to)];
}

export function isBlocked(net: NetworkState, from: NodeId, to: NodeId): boolean {
  return linkFault(net, from, to)?.blocked === true;
}

export function recordDrop(net: NetworkState, msg: Message, atMs: number, reason: DropReason): DroppedMessage {
  const drop = { msg, droppedAtMs: atMs, reason };
  net.droppedCount++;
  net.recentDrops.push(drop);
  if (net.recentDrops.length > RECENT_DROPS_KEPT) net.recentDrops.shift();
  return drop;
}
