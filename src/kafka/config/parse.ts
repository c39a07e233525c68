/**
 * Parses one config value against its definition, the way Kafka's ConfigDef.parseType plus the
 * key's validator would, and reports failures with ConfigException's wording:
 * "Invalid value -1 for configuration batch.size: Value must be at least 0".
 *
 * Inputs may be JSON values (5, true, ["range"]) or properties-file strings ("5", "true",
 * "range, sticky"). Strings are trimmed, as Kafka trims them.
 */
import {
  INT_MAX,
  INT_MIN,
  LONG_MAX,
  type ClassDef,
  type ConfigDef,
  type EnumDef,
  type ListDef,
  type NumberDef,
} from './defs';

/** A parsed value as stored in a resolved config object. */
export type ConfigValue = number | boolean | string | null | readonly string[];

export type Parsed =
  { readonly ok: true; readonly value: ConfigValue } | { readonly ok: false; readonly message: string };

const LONG_MAX_EXACT = 9223372036854775807n;
const LONG_MIN_EXACT = -9223372036854775808n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** 2^63: the double every JSON spelling of Long.MAX_VALUE rounds to. */
const TWO_POW_63 = 9223372036854775808;

const ok = (value: ConfigValue): Parsed => ({ ok: true, value });

function show(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (Array.isArray(raw)) return raw.map(show).join(',');
  if (typeof raw === 'object' && raw !== null) return JSON.stringify(raw);
  return String(raw);
}

function describeType(raw: unknown): string {
  if (raw === null) return 'null';
  if (Array.isArray(raw)) return 'list';
  return typeof raw;
}

function invalid(key: string, raw: unknown, reason: string): Parsed {
  return { ok: false, message: `Invalid value ${show(raw)} for configuration ${key}: ${reason}` };
}

export function parseConfigValue(key: string, def: ConfigDef, raw: unknown): Parsed {
  if (raw === null) {
    // Kafka lets null through only where the default itself is null ("not set").
    return def.type !== 'boolean' && def.type !== 'enum' && def.type !== 'list' && def.default === null
      ? ok(null)
      : invalid(key, raw, 'Value must be non-null');
  }
  switch (def.type) {
    case 'int':
    case 'long':
    case 'double':
      return parseNumber(key, def, raw);
    case 'boolean':
      return parseBoolean(key, raw);
    case 'string':
      if (typeof raw !== 'string')
        return invalid(key, raw, `Expected value to be a string, but it was a ${describeType(raw)}`);
      if (def.nonEmpty === true && raw.trim() === '') return invalid(key, raw, 'String must be non-empty');
      return ok(raw.trim());
    case 'enum':
      return parseEnum(key, def, raw);
    case 'list':
      return parseList(key, def, raw);
    case 'class':
      return parseClass(key, def, raw);
  }
}

function parseBoolean(key: string, raw: unknown): Parsed {
  if (typeof raw === 'boolean') return ok(raw);
  if (typeof raw === 'string') {
    const t = raw.trim().toLowerCase();
    if (t === 'true') return ok(true);
    if (t === 'false') return ok(false);
  }
  return invalid(key, raw, 'Expected value to be either true or false');
}

function parseNumber(key: string, def: NumberDef, raw: unknown): Parsed {
  const parsed = def.type === 'double' ? toDouble(key, raw) : toInteger(key, raw, def.type);
  if (!parsed.ok || typeof parsed.value !== 'number') return parsed;
  const n = parsed.value;
  if (def.min !== undefined && n < def.min) return invalid(key, n, `Value must be at least ${def.min}`);
  if (def.max !== undefined && n > def.max) return invalid(key, n, `Value must be no more than ${def.max}`);
  return parsed;
}

function toInteger(key: string, raw: unknown, type: 'int' | 'long'): Parsed {
  const bits = type === 'int' ? 32 : 64;
  const notA = `Not a number of type ${type.toUpperCase()}`;
  if (typeof raw === 'number') {
    if (!Number.isInteger(raw))
      return invalid(key, raw, `Expected value to be a ${bits}-bit integer, but it was ${raw}`);
    if (type === 'int') return raw < INT_MIN || raw > INT_MAX ? invalid(key, raw, notA) : ok(raw);
    // A JSON long near Long.MAX_VALUE arrives as 2^63 after rounding: accept it as "unbounded".
    if (Math.abs(raw) > TWO_POW_63) return invalid(key, raw, notA);
    return ok(clampLong(raw));
  }
  if (typeof raw === 'string') {
    const t = raw.trim();
    if (!/^[+-]?\d+$/.test(t)) return invalid(key, raw, notA);
    const big = BigInt(t);
    const [lo, hi] = type === 'int' ? [BigInt(INT_MIN), BigInt(INT_MAX)] : [LONG_MIN_EXACT, LONG_MAX_EXACT];
    if (big < lo || big > hi) return invalid(key, raw, notA);
    if (big > MAX_SAFE) return ok(LONG_MAX);
    if (big < -MAX_SAFE) return ok(-LONG_MAX);
    return ok(Number(big));
  }
  return invalid(key, raw, `Expected value to be a ${bits}-bit integer, but it was a ${describeType(raw)}`);
}

/** Longs beyond 2^53-1 mean "practically never" in every Kafka key; store them as ±LONG_MAX. */
function clampLong(n: number): number {
  return Math.max(-LONG_MAX, Math.min(LONG_MAX, n));
}

function toDouble(key: string, raw: unknown): Parsed {
  if (typeof raw === 'number') {
    return Number.isFinite(raw) ? ok(raw) : invalid(key, raw, 'Not a number of type DOUBLE');
  }
  if (typeof raw === 'string') {
    const t = raw.trim();
    // Decimal notation only: Java would also take "NaN" and "Infinity", which have no place here.
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t))
      return invalid(key, raw, 'Not a number of type DOUBLE');
    const n = Number(t);
    return Number.isFinite(n) ? ok(n) : invalid(key, raw, 'Not a number of type DOUBLE');
  }
  return invalid(key, raw, `Expected value to be a double, but it was a ${describeType(raw)}`);
}

function parseEnum(key: string, def: EnumDef, raw: unknown): Parsed {
  // A JSON number is fine where the allowed strings are numbers (acks: 1 or "1").
  if (typeof raw !== 'string' && typeof raw !== 'number') {
    return invalid(key, raw, `Expected value to be a string, but it was a ${describeType(raw)}`);
  }
  const text = String(raw).trim();
  const match = def.values.find((v) =>
    def.caseInsensitive === true ? v.toLowerCase() === text.toLowerCase() : v === text,
  );
  if (match === undefined) {
    const which =
      def.caseInsensitive === true ? 'String must be one of (case insensitive): ' : 'String must be one of: ';
    return invalid(key, raw, which + def.values.join(', '));
  }
  const normalised = def.normalize?.[match];
  return ok(normalised ?? match);
}

function splitList(raw: unknown): readonly unknown[] | null {
  if (Array.isArray(raw)) return raw;
  if (typeof raw === 'string') {
    const t = raw.trim();
    return t === '' ? [] : t.split(/\s*,\s*/);
  }
  return null;
}

function parseList(key: string, def: ListDef, raw: unknown): Parsed {
  const items = splitList(raw);
  if (items === null) return invalid(key, raw, 'Expected a comma separated list.');
  const out: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string') return invalid(key, raw, 'Expected a comma separated list of strings.');
    const t = item.trim();
    const canonical = def.aliases !== undefined && Object.hasOwn(def.aliases, t) ? (def.aliases[t] ?? t) : t;
    if (def.values !== undefined && !def.values.includes(canonical)) {
      return invalid(key, t, `String must be one of: ${def.values.join(', ')}`);
    }
    out.push(canonical);
  }
  if (def.nonEmpty === true && out.length === 0)
    return invalid(key, raw, 'Value must contain at least one entry');
  if (def.noDuplicates === true && new Set(out).size !== out.length)
    return invalid(key, raw, 'Values must not be duplicated');
  return ok(out);
}

function parseClass(key: string, def: ClassDef, raw: unknown): Parsed {
  if (typeof raw !== 'string') return invalid(key, raw, 'Expected a Class instance or class name.');
  const t = raw.trim();
  const canonical = def.aliases !== undefined && Object.hasOwn(def.aliases, t) ? (def.aliases[t] ?? t) : t;
  if (!def.values.includes(canonical)) {
    return invalid(
      key,
      raw,
      `Class ${t} cannot be found (the simulator implements: ${def.values.join(', ')})`,
    );
  }
  return ok(canonical);
}
