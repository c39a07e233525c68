/** Small projections of the ensemble for the UI and run summaries. */
import { isEstablishedLeader, type ZkServerState } from './server-state';
import { getSession } from './tree';

export interface ZkTreeEntry {
  path: string;
  data: string;
  /** Session id owning an ephemeral node; null for a persistent one. */
  ephemeralOwner: number | null;
  version: number;
}

export interface ZkEnsembleView {
  /** Server id of the established leader (the one with the highest epoch if two think so). */
  leader: number | null;
  sessions: { id: number; owner: string; expiresInMs: number }[];
}

/** The server's copy of the tree, in path order. */
export function treeView(s: ZkServerState): ZkTreeEntry[] {
  const nodes = s.disk.db.nodes;
  return Object.keys(nodes)
    .sort()
    .map((path) => {
      const n = nodes[path];
      return {
        path,
        data: n?.data ?? '',
        ephemeralOwner: n === undefined || n.ephemeralOwner === 0 ? null : n.ephemeralOwner,
        version: n?.version ?? 0,
      };
    });
}

/**
 * Who leads, and the open sessions with the time left before the leader expires them. Without a
 * leader nobody counts down: each session shows its full timeout (a new leader restarts every
 * session's clock). `nowMs` defaults to the last moment the leader handled an event.
 */
export function ensembleView(servers: ZkServerState[], nowMs?: number): ZkEnsembleView {
  let leader: ZkServerState | null = null;
  for (const s of servers) {
    if (s.up && isEstablishedLeader(s) && (leader === null || s.vol.epoch > leader.vol.epoch)) leader = s;
  }
  let source: ZkServerState | null = leader;
  if (source === null) {
    for (const s of servers) if (source === null || s.disk.db.lastZxid > source.disk.db.lastZxid) source = s;
  }
  if (source === null) return { leader: null, sessions: [] };
  const db = source.disk.db;
  const now = nowMs ?? source.vol.clockMs;
  const ids = Object.keys(db.sessions)
    .map(Number)
    .sort((a, b) => a - b);
  const sessions = ids.flatMap((id) => {
    const session = getSession(db, id);
    if (session === undefined) return [];
    const deadline = leader?.vol.leader?.sessionDeadlines[String(id)];
    const expiresInMs = deadline === undefined ? session.timeoutMs : Math.max(0, deadline - now);
    return [{ id, owner: session.owner, expiresInMs }];
  });
  return { leader: leader?.id ?? null, sessions };
}
