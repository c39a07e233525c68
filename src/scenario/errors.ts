/** Problems found in a scenario, each saying where (a JSON path) and what. */
export interface ScenarioProblem {
  /** Where in the document: `topics[0].replicationFactor`, or `(document)` for the whole. */
  path: string;
  message: string;
}

export function formatPath(path: readonly (string | number | symbol)[]): string {
  if (path.length === 0) return '(document)';
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else {
      const name = String(part);
      out += /^[A-Za-z_$][\w$]*$/.test(name) ? (out === '' ? name : `.${name}`) : `[${JSON.stringify(name)}]`;
    }
  }
  return out;
}

export function describeProblems(problems: readonly ScenarioProblem[]): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join('\n');
}

export class ScenarioError extends Error {
  constructor(readonly problems: ScenarioProblem[]) {
    super(describeProblems(problems));
    this.name = 'ScenarioError';
  }
}
