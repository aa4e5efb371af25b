/**
 * The server's log: pino, one JSON line per thing a teacher may want to know
 * (a session started or ended, a request refused and why, an internal error),
 * each with a plain-English `msg`. Quiet by default (`info`: no line per
 * command or frame); `--log-level debug` adds connections, hello timeouts and
 * per-command refusals. Payload bytes and resume tokens are never logged.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const DEFAULT_LOG_LEVEL: LogLevel = 'info';

/** A logger writing to `destination` (default: stdout, synchronously, so a crash loses no line). */
export function createLogger(level: LogLevel = DEFAULT_LOG_LEVEL, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      // No pid/hostname on every line: one server, one machine.
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? pino.destination({ fd: 1, sync: true }),
  );
}

/** For the server in-process (tests, benches): nothing unless asked. */
export const silentLogger = (): Logger => pino({ level: 'silent' });

/**
 * At most one line per `key` per `intervalMs`, so a flood of refusals (a
 * script hammering the door) cannot flood the log; the lines left out are
 * counted in the next one (`suppressed`).
 */
export function throttled(intervalMs = 1000) {
  const last = new Map<string, { at: number; suppressed: number }>();
  return (key: string, write: (suppressed: number) => void): void => {
    const now = performance.now();
    const seen = last.get(key);
    if (seen && now - seen.at < intervalMs) {
      seen.suppressed++;
      return;
    }
    if (last.size > 1000) last.clear(); // bounded, whatever the keys
    last.set(key, { at: now, suppressed: 0 });
    write(seen?.suppressed ?? 0);
  };
}
