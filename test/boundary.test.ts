/**
 * The headless core (sim, kafka, scenario, check) must run unchanged in Node and in the browser and
 * give the same run: it never imports UI libraries or Node built-ins, never reads real time or
 * real randomness. This test reads the sources; the ESLint block enforces the same while editing.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const root = new URL('..', import.meta.url).pathname;
const CORE = ['src/sim', 'src/kafka', 'src/scenario', 'src/check'];

function sourceFiles(dir: string): string[] {
  let out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out = out.concat(sourceFiles(path));
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

const coreFiles = CORE.flatMap((d) => sourceFiles(join(root, d)));

const FORBIDDEN_IMPORT = /from\s+['"](react|react-dom|d3(-[a-z]+)?|zustand|node:[a-z_/]+|fs|path|os|child_process)(\/[^'"]*)?['"]/;
const UPWARD_IMPORT = /from\s+['"][./]*\/(ui|host|cli)\//;
const REAL_TIME_OR_RANDOM = /\bMath\.random\(|\bDate\.now\(|\bnew Date\(|\bperformance\.now\(|\bsetTimeout\(|\bsetInterval\(|\brequestAnimationFrame\(|\bcrypto\.(getRandomValues|randomUUID)\(|\bwindow\.|\bdocument\./;

describe('the headless core boundary', () => {
  it('has source files to check', () => {
    expect(coreFiles.length).toBeGreaterThan(10);
  });

  it.each(coreFiles.map((f) => [relative(root, f), f]))('%s imports no UI library, no Node built-in, nothing above it', (_, file) => {
    const text = readFileSync(file, 'utf8');
    expect(text.match(FORBIDDEN_IMPORT)?.[0] ?? null).toBeNull();
    expect(text.match(UPWARD_IMPORT)?.[0] ?? null).toBeNull();
  });

  it.each(coreFiles.map((f) => [relative(root, f), f]))('%s reads no real time and no real randomness', (_, file) => {
    const code = readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    expect(code.match(REAL_TIME_OR_RANDOM)?.[0] ?? null).toBeNull();
  });

  it('the lint rule catches each way of reading real time or randomness in the core', async () => {
    const eslint = new ESLint({ cwd: root });
    const samples = [
      'export const a = Math.random();',
      'export const a = Date.now();',
      'export const a = new Date();',
      'export const a = performance.now();',
      'setTimeout(() => 1, 5);',
      'export const a = globalThis.Math.random();',
      "import { select } from 'd3-selection'; export const a = select;",
      "import { create } from 'zustand'; export const a = create;",
    ];
    for (const code of samples) {
      const [result] = await eslint.lintText(code, { filePath: join(root, 'src/sim/sample.ts') });
      expect(result?.messages.length ?? 0, code).toBeGreaterThan(0);
    }
    const [clean] = await eslint.lintText('export const a = 1 + 1;', { filePath: join(root, 'src/sim/sample.ts') });
    expect(clean?.messages).toEqual([]);
  });
});
