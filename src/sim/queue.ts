/**
 * The event queue: a binary min-heap over plain records ordered by (atMs, seq).
 * `seq` is a global counter, so two events due at the same millisecond always run in the order
 * they were scheduled. The heap is a plain array inside world state (structured-clonable).
 */

export interface Ordered {
  atMs: number;
  seq: number;
}

function before(a: Ordered, b: Ordered): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
}

export function heapPush<T extends Ordered>(heap: T[], item: T): void {
  let i = heap.length;
  heap.push(item);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const p = heap[parent] as T;
    if (!before(item, p)) break;
    heap[i] = p;
    i = parent;
  }
  heap[i] = item;
}

export function heapPop<T extends Ordered>(heap: T[]): T | undefined {
  const n = heap.length;
  if (n === 0) return undefined;
  const top = heap[0] as T;
  const last = heap.pop() as T;
  if (n === 1) return top;
  const size = n - 1;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= size) break;
    const r = l + 1;
    let child = l;
    let c = heap[l] as T;
    if (r < size) {
      const rc = heap[r] as T;
      if (before(rc, c)) {
        child = r;
        c = rc;
      }
    }
    if (!before(c, last)) break;
    heap[i] = c;
    i = child;
  }
  heap[i] = last;
  return top;
}

export function heapPeek<T extends Ordered>(heap: T[]): T | undefined {
  return heap[0];
}
