/**
 * The group coordinator's state machine (GroupMetadata's states, kafka-reference.md §2.5) as an
 * XState machine. The coordinator keeps the state as plain data (`GroupMetadata.state`) and asks
 * the machine, with XState's pure `transition()`, whether a move is legal: no actor, no timer,
 * nothing that could see time (the world owns time). Each event is named after the state it
 * asks for, so "may a group in A go to B?" is one pure transition.
 */
import { setup, transition } from 'xstate';
import type { GroupStateName } from './types';

export const GROUP_STATES: readonly GroupStateName[] = ['Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead'];

export const groupMachine = setup({
  types: { events: {} as { type: GroupStateName } },
}).createMachine({
  id: 'group',
  initial: 'Empty',
  states: {
    Empty: { on: { PreparingRebalance: 'PreparingRebalance', Dead: 'Dead' } },
    PreparingRebalance: { on: { CompletingRebalance: 'CompletingRebalance', Empty: 'Empty', Dead: 'Dead' } },
    CompletingRebalance: { on: { Stable: 'Stable', PreparingRebalance: 'PreparingRebalance', Dead: 'Dead' } },
    Stable: { on: { PreparingRebalance: 'PreparingRebalance', Dead: 'Dead' } },
    // A group that was deleted may be "deleted" again (GroupMetadata allows Dead → Dead).
    Dead: { on: { Dead: 'Dead' } },
  },
});

/** Whether Kafka lets a group in `from` move to `to` (GroupMetadata.assertValidTransition). */
export function isLegalGroupTransition(from: GroupStateName, to: GroupStateName): boolean {
  const [next] = transition(groupMachine, groupMachine.resolveState({ value: from, context: undefined }), { type: to });
  return next.value === to && (from !== to || to === 'Dead');
}
