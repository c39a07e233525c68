import { describe, expect, it } from 'vitest';
import type { PartitionState } from '../protocol/messages';
import { electForControlledShutdown, electOnBrokerLoss, electOnBrokerReturn, electPreferred, imbalancedPartitions } from './election';

const p = (leader: number, isr: number[], replicas = [1, 2, 3], leaderEpoch = 4): PartitionState => ({ topic: 'orders', partition: 0, leader, leaderEpoch, isr, replicas, partitionEpoch: 10 });
const liveExcept = (...dead: number[]) => (b: number) => !dead.includes(b);

describe('leader election (§2.8)', () => {
  it('the leader dies: the first live ISR replica in assignment order leads, in a new epoch', () => {
    const r = electOnBrokerLoss(p(1, [1, 3, 2]), liveExcept(1), false);
    expect(r?.state).toMatchObject({ leader: 2, isr: [3, 2], leaderEpoch: 5, partitionEpoch: 11 });
    expect(r?.unclean).toBe(false);
  });

  it('a follower dies: same leader and epoch, smaller ISR', () => {
    expect(electOnBrokerLoss(p(1, [1, 2, 3]), liveExcept(3), false)?.state).toMatchObject({ leader: 1, isr: [1, 2], leaderEpoch: 4 });
  });

  it('no live ISR member: offline unless unclean election is allowed', () => {
    const offline = electOnBrokerLoss(p(1, [1]), liveExcept(1), false);
    expect(offline?.state).toMatchObject({ leader: -1, isr: [1] });
    const unclean = electOnBrokerLoss(p(1, [1]), liveExcept(1), true);
    expect(unclean?.state).toMatchObject({ leader: 2, isr: [2], leaderEpoch: 5 });
    expect(unclean?.unclean).toBe(true);
  });

  it('an offline partition gets its last ISR member back as leader when it returns', () => {
    expect(electOnBrokerReturn(p(-1, [1], [1, 2, 3], 5), liveExcept(), false)?.state).toMatchObject({ leader: 1, isr: [1], leaderEpoch: 6 });
  });

  it('preferred election moves leadership to the first replica only if it is in the ISR', () => {
    expect(electPreferred(p(2, [2, 1]), liveExcept())?.state.leader).toBe(1);
    expect(electPreferred(p(2, [2, 3]), liveExcept())).toBeNull();
  });

  it('controlled shutdown hands leadership to a live ISR member and leaves the ISR', () => {
    expect(electForControlledShutdown(p(1, [1, 2, 3]), 1, liveExcept())?.state).toMatchObject({ leader: 2, isr: [2, 3], leaderEpoch: 5 });
    expect(electForControlledShutdown(p(2, [1, 2, 3]), 1, liveExcept())?.state).toMatchObject({ leader: 2, isr: [2, 3], leaderEpoch: 4 });
  });

  it('auto rebalance finds brokers leading less than their preferred share', () => {
    const states = [p(2, [1, 2], [1, 2]), { ...p(1, [1, 2], [1, 2]), partition: 1 }, { ...p(1, [2, 1], [2, 1]), partition: 2 }];
    expect(imbalancedPartitions(states, liveExcept(), 10).map((s) => s.partition)).toEqual([0, 2]);
  });
});
