/** Scenarios shipped with the app (the lesson library grows here). */
import hello from '../../scenarios/hello.json' with { type: 'json' };

export const builtinScenarios: Record<string, unknown> = {
  hello,
};

export const DEFAULT_SCENARIO = 'hello';
