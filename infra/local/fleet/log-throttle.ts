/**
 * Keeps a misbehaving neighbour (an ingest API that is down or not written yet) from flooding
 * the log: the first line of a kind is written, repeats only once per interval, with a count.
 */
export type ThrottledLog = (key: string, line: string) => void;

export function throttleLog(
  log: (line: string) => void,
  intervalMs = 60_000,
  now: () => number = Date.now,
): ThrottledLog {
  const seen = new Map<string, { lastAt: number; suppressed: number }>();
  return (key, line) => {
    const entry = seen.get(key);
    const at = now();
    if (entry === undefined) {
      seen.set(key, { lastAt: at, suppressed: 0 });
      log(line);
    } else if (at - entry.lastAt >= intervalMs) {
      log(entry.suppressed > 0 ? `${line} (${entry.suppressed} more like it since the last report)` : line);
      entry.lastAt = at;
      entry.suppressed = 0;
    } else {
      entry.suppressed += 1;
    }
  };
}
