/** What a console tool gets: the world, and the terminal to write to. */
import type { KafkaWorld } from '../world';
import type { ConsoleState } from './types';
import { helpLines, parseOptions, type OptionSpec, type ParsedOptions } from './options';

export interface ToolContext {
  world: KafkaWorld;
  console: ConsoleState;
  /** stdout */
  out(text: string): void;
  /** stderr */
  err(text: string): void;
  /** stdout, at an earlier instant of this step's span (a record printed when poll() returned it). */
  outAt(atMs: number, text: string): void;
}

/**
 * How a tool reports a command-line error: tools that let jopt-simple's exception escape print
 * it as the JVM does (`Exception in thread "main" …`); the others print the message (their usage
 * text follows in Kafka; here `--help` shows it).
 */
export type ParseFailureStyle = 'uncaught' | 'message';

export function parseToolArgs(ctx: ToolContext, specs: readonly OptionSpec[], args: readonly string[], style: ParseFailureStyle): ParsedOptions | null {
  const r = parseOptions(specs, args);
  if (r.ok) return r.options;
  if (style === 'uncaught') ctx.err(`Exception in thread "main" joptsimple.${r.error.exception}: ${r.error.message}`);
  else ctx.err(r.error.message);
  return null;
}

/** CommandLineUtils.printUsageAndExit: the message, then the option table. */
export function usage(ctx: ToolContext, specs: readonly OptionSpec[], message: string): void {
  ctx.err(message);
  for (const l of helpLines(specs)) ctx.err(l);
}

/** CommandLineUtils.checkRequiredArgs: `Missing required argument "[topic]"`. */
export function missingRequired(ctx: ToolContext, name: string): void {
  ctx.err(`Missing required argument "[${name}]"`);
}

/** A whole non-negative number as the tools parse it (already checked by the option parser). */
export function int(value: string | undefined, fallback: number): number {
  return value === undefined ? fallback : Number(value);
}
