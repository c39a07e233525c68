/**
 * The public vocabulary of the simulated ZooKeeper: operations a client submits, their results,
 * and the events a client hands back to its owner (a Kafka broker). Plain data only.
 */

export type ZkOp =
  | { op: 'create'; path: string; data: string; ephemeral: boolean }
  | { op: 'delete'; path: string; version: number } // -1 = any
  | { op: 'setData'; path: string; data: string; version: number }
  | { op: 'getData'; path: string; watch: boolean }
  | { op: 'getChildren'; path: string; watch: boolean }
  | { op: 'exists'; path: string; watch: boolean };

/** The operations that change the tree: they go through the leader and a quorum. */
export type ZkWriteOp = Extract<ZkOp, { op: 'create' | 'delete' | 'setData' }>;
export type ZkReadOp = Extract<ZkOp, { op: 'getData' | 'getChildren' | 'exists' }>;

/** KeeperException codes Kafka handles (`Code.NODEEXISTS`, `NONODE`, `BADVERSION`, …). */
export type ZkError =
  'NODE_EXISTS' | 'NO_NODE' | 'BAD_VERSION' | 'NOT_EMPTY' | 'SESSION_EXPIRED' | 'CONNECTION_LOSS';

export type ZkResult =
  | {
      ok: true;
      data: string | null;
      version: number;
      children: string[];
      exists: boolean;
      /** Stat.ephemeralOwner: the session owning the node if it is ephemeral, else 0. */
      ephemeralOwner: number;
    }
  | { ok: false; error: ZkError };

/** `Watcher.Event.EventType` values that Kafka reacts to. */
export type ZkWatchEventType = 'NodeCreated' | 'NodeDeleted' | 'NodeDataChanged' | 'NodeChildrenChanged';

export type ZkClientEvent =
  | { type: 'connected'; sessionId: number; newSession: boolean }
  | { type: 'result'; tag: string; op: ZkOp; result: ZkResult }
  | { type: 'watch'; path: string; event: ZkWatchEventType }
  | { type: 'disconnected' }
  | { type: 'expired' };

export function isWriteOp(op: ZkOp): op is ZkWriteOp {
  return op.op === 'create' || op.op === 'delete' || op.op === 'setData';
}

/**
 * ZooKeeper's path rules (PathUtils.validatePath), reduced to what a simulator needs: absolute,
 * no empty segment, no trailing slash, no `.` or `..` segment. Returns why a path is invalid.
 */
export function pathProblem(path: string): string | null {
  if (!path.startsWith('/')) return `path ${JSON.stringify(path)} must start with /`;
  if (path === '/') return null;
  if (path.endsWith('/')) return `path ${JSON.stringify(path)} must not end with /`;
  for (const seg of path.slice(1).split('/')) {
    if (seg === '') return `path ${JSON.stringify(path)} has an empty segment`;
    if (seg === '.' || seg === '..') return `path ${JSON.stringify(path)} has a relative segment`;
  }
  return null;
}

export function parentPath(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
