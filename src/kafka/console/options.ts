/**
 * A small command-line option parser that behaves like jopt-simple, the library Kafka's tools use:
 * long options `--name value` or `--name=value`, any unambiguous prefix of a name (`--bootstrap`),
 * options given more than once keep every value, and the same error messages
 * (`x is not a recognized option`, `Option topic requires an argument`,
 * `Cannot parse argument 'abc' of option partitions`).
 */
export interface OptionSpec {
  name: string;
  /** 'none': a flag; 'required': takes a value; 'optional': may take `--name=value`. */
  arg: 'none' | 'required' | 'optional';
  /** Values are whole numbers (Integer or Long in the tool). */
  integer?: boolean;
  /** Shown by --help. */
  description: string;
  /** Shown by --help after the option: `<String: topic>`. */
  argName?: string;
}

export interface ParsedOptions {
  /** Values by option name, in the order given (a flag has one empty string per use). */
  values: Record<string, string[]>;
  /** Words that are not options. */
  rest: string[];
}

/** A jopt-simple exception: its class name and message. */
export interface OptionError {
  exception: 'UnrecognizedOptionException' | 'OptionMissingRequiredArgumentException' | 'OptionArgumentConversionException';
  message: string;
}

function find(specs: readonly OptionSpec[], name: string): OptionSpec | undefined {
  const exact = specs.find((s) => s.name === name);
  if (exact !== undefined) return exact;
  const prefixed = specs.filter((s) => s.name.startsWith(name));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

export function parseOptions(specs: readonly OptionSpec[], args: readonly string[]): { ok: true; options: ParsedOptions } | { ok: false; error: OptionError } {
  const values: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      rest.push(a);
      continue;
    }
    const body = a.startsWith('--') ? a.slice(2) : a.slice(1);
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const spec = name === '' ? undefined : find(specs, name);
    if (spec === undefined || !a.startsWith('--')) {
      return { ok: false, error: { exception: 'UnrecognizedOptionException', message: `${name === '' ? a : name} is not a recognized option` } };
    }
    let value = '';
    if (spec.arg === 'required') {
      if (eq >= 0) value = body.slice(eq + 1);
      else if (i + 1 < args.length) value = args[++i] as string;
      else return { ok: false, error: { exception: 'OptionMissingRequiredArgumentException', message: `Option ${spec.name} requires an argument` } };
    } else if (spec.arg === 'optional') {
      if (eq >= 0) value = body.slice(eq + 1);
    } else if (eq >= 0) {
      return { ok: false, error: { exception: 'UnrecognizedOptionException', message: `${name} is not a recognized option` } };
    }
    if (spec.integer === true && !/^[+-]?\d{1,15}$/.test(value)) {
      return { ok: false, error: { exception: 'OptionArgumentConversionException', message: `Cannot parse argument '${value}' of option ${spec.name}` } };
    }
    (values[spec.name] ??= []).push(value);
  }
  return { ok: true, options: { values, rest } };
}

export function has(o: ParsedOptions, name: string): boolean {
  return o.values[name] !== undefined;
}

/** The last value given (jopt-simple's valueOf takes the only one; tools rarely repeat). */
export function valueOf(o: ParsedOptions, name: string): string | undefined {
  const v = o.values[name];
  return v === undefined ? undefined : v[v.length - 1];
}

export function valuesOf(o: ParsedOptions, name: string): string[] {
  return o.values[name] ?? [];
}

/** `key=value` pairs (CommandLineUtils.parseKeyValueArgs): the first `=` splits. */
export function keyValues(list: readonly string[]): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const kv of list) {
    const eq = kv.indexOf('=');
    if (eq < 0) out[kv] = '';
    else out[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return out;
}

/** jopt-simple's help table, in short: one option per line with its argument and description. */
export function helpLines(specs: readonly OptionSpec[]): string[] {
  const left = specs.map((s) => `--${s.name}${s.arg === 'none' ? '' : s.arg === 'optional' ? ` [${s.argName ?? 'String'}]` : ` <${s.argName ?? 'String'}>`}`);
  const width = Math.max(6, ...left.map((l) => l.length)) + 2;
  const out = [`${'Option'.padEnd(width)}Description`, `${'------'.padEnd(width)}-----------`];
  specs.forEach((s, i) => out.push(`${(left[i] as string).padEnd(width)}${s.description}`));
  return out;
}
