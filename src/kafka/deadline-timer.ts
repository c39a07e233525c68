/**
 * Request timeouts as one timer per owner (a replica fetcher, a consumer's connection to a
 * leader, a producer's connection, a broker's parked produces) instead of one per request: the
 * owner keeps the time its one timer fires (`armedAtMs`, -1 when none). A request arms it only
 * when none is pending (or when it needs an earlier one); when it fires, the owner expires what is
 * past its deadline and arms it again for the next deadline. A busy cluster keeps hundreds of
 * queue entries instead of tens of thousands of dead timers, and every timeout fires exactly when
 * it did with one timer per request.
 */

/** No timer is pending (or the pending one fires later than `atMs`): arm one for `atMs`. */
export function needsDeadlineTimer(armedAtMs: number | undefined, atMs: number): boolean {
  return armedAtMs === undefined || armedAtMs < 0 || atMs < armedAtMs;
}

/**
 * A timer that fires counts only if it is the armed one, due now or earlier (late is fine: a
 * paused node runs its timers when it resumes); an older superseded one does nothing.
 */
export function isArmedDeadlineDue(armedAtMs: number | undefined, nowMs: number): boolean {
  return armedAtMs !== undefined && armedAtMs >= 0 && armedAtMs <= nowMs;
}
