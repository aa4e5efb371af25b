/**
 * The lane helper's pipe: one JSON object per line on its stdin (from the
 * server) and stdout (to the server). Both ends are Allô's own code, but the
 * server still reads every line defensively: a line it cannot read ends the
 * run with an error instead of being trusted.
 */
import type { Limits } from '../../shared/limits';
import type { LinkCapabilities } from './capabilities';
import type { CommandOf, EventInput } from '../../shared/protocol';
import type { Reply } from '../sockets/types';

/** Server → helper. */
export type ToHelper =
  | {
      type: 'start';
      run: string;
      cmd: CommandOf<'compare'>;
      /** Session socket ids reserved for the run's sockets, used in order. */
      ids: string[];
      caps: LinkCapabilities;
      /** The server's effective limits, so the run inside obeys the same ones. */
      limits: Limits;
    }
  | { type: 'stop' };

/** Helper → server. `at` is an absolute time in ms (performance.timeOrigin + now) so both clocks agree. */
export type FromHelper =
  | { type: 'event'; at: number; event: EventInput }
  | { type: 'started'; outcome: Reply<'compare'> }
  | { type: 'finished' }
  | { type: 'fatal'; message: string };

export function writeLine(out: NodeJS.WritableStream, msg: ToHelper | FromHelper): void {
  out.write(`${JSON.stringify(msg)}\n`);
}

/** Splits a byte stream into lines and hands each parsed object on; a bad line goes to `onBad`. */
export function readLines(
  input: NodeJS.ReadableStream,
  onLine: (value: unknown) => void,
  onBad: (line: string) => void,
): void {
  let buf = '';
  input.setEncoding?.('utf8');
  input.on('data', (chunk: string) => {
    buf += chunk;
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (!line.trim()) continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        onBad(line);
        continue;
      }
      onLine(value);
    }
  });
}
