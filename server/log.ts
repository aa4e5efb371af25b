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

const LEVEL_NAMES: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
/** Fields already said by the sentence, or too long for a terminal line. */
const QUIET_FIELDS = new Set(['level', 'time', 'msg', 'event', 'err']);

/**
 * A destination for people rather than programs (a terminal): each JSON line
 * becomes `12:04:31 WARN  WebSocket refused (host): … [client=loopback]`; an
 * error's stack follows on its own lines. Pipes and files keep the JSON.
 */
export function readableDestination(out: { write(s: string): unknown }): DestinationStream {
  return {
    write(line: string) {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        out.write(line);
        return;
      }
      const time = typeof entry.time === 'string' ? entry.time.slice(11, 19) : '';
      const level = (LEVEL_NAMES[entry.level as number] ?? String(entry.level)).padEnd(5);
      const extra = Object.entries(entry)
        .filter(([k, v]) => !QUIET_FIELDS.has(k) && v !== undefined)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ');
      const err = entry.err as { stack?: string } | undefined;
      out.write(
        `${time} ${level} ${String(entry.msg ?? '')}${extra ? ` [${extra}]` : ''}\n${err?.stack ? `${err.stack}\n` : ''}`,
      );
    },
  };
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
