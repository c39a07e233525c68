import type { ReactNode } from 'react';

export type Row = [label: string, value: ReactNode];

/** A readable key/value table (a `<table>` with row headers). */
export function KeyValue({ rows, caption }: { rows: Row[]; caption?: string }) {
  return (
    <table className="kv">
      {caption !== undefined ? <caption>{caption}</caption> : null}
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A value as text: lists joined, booleans and null in words given by the caller. */
export function show(v: unknown, yes: string, no: string, none = '–'): string {
  if (v === null || v === undefined) return none;
  if (typeof v === 'boolean') return v ? yes : no;
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[${v.map((x) => show(x, yes, no, none)).join(', ')}]`;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
