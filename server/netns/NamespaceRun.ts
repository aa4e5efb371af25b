/**
 * The server's side of a compare run whose lanes live in a private network
 * namespace: starts the lane helper there (`unshare -Urn --fork --kill-child`),
 * hands it the command and the session socket ids it may use, and turns every
 * line it writes back into the session's own events, on the session's clock.
 *
 * Whatever happens, nothing outlives the run: the helper exits when its stdin
 * closes, `--kill-child` takes it down with `unshare`, and the namespace,
 * which only the helper holds, disappears with it. A helper that dies before
 * its sockets are closed is reported as such on each of them.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Limits } from '../../shared/limits';
import type { CommandOf, EventInput } from '../../shared/protocol';
import type { CompareHandle } from '../compare/runHere';
import type { Reply } from '../sockets/types';
import type { LinkCapabilities } from './capabilities';
import { readLines, writeLine, type FromHelper } from './pipe';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HELPER = fileURLToPath(new URL('./laneHelper.ts', import.meta.url));
/** Starting Node and tsx in the namespace takes a moment on a loaded machine; past this the run gives up. */
const START_TIMEOUT_MS = 20_000;

export interface NamespaceContext {
  /** Session socket ids reserved for the run's sockets. */
  readonly ids: string[];
  readonly limits: Limits;
  readonly emit: (e: EventInput, at?: number) => void;
  readonly signal?: AbortSignal;
}

export const NamespaceRun = {
  start(id: string, cmd: CommandOf<'compare'>, caps: LinkCapabilities, ctx: NamespaceContext): CompareHandle {
    let active = true;
    let lastAt = 0;
    const open = new Set<string>();
    // `--owner <pid>` only names the server that started it, for `pgrep` (tests, and a teacher wondering).
    const args = [
      '-Urn',
      '--fork',
      '--kill-child',
      process.execPath,
      '--import',
      'tsx',
      HELPER,
      '--owner',
      String(process.pid),
    ];
    const child = spawn('unshare', args, {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2000);
    });
    let answer: (o: Reply<'compare'>) => void = () => {};
    const started = new Promise<Reply<'compare'>>((resolve) => {
      answer = resolve;
    });
    const timer = setTimeout(() => fail('the lane helper did not start in time'), START_TIMEOUT_MS);
    /** The run said it is over: the session may start the next one while this one's sockets close. */
    let over = false;
    const emit = (event: EventInput, absolute: number) => {
      if (event.kind === 'compare-ended') over = true;
      // The helper's clock and ours share an origin in absolute time; never in the future, never backwards.
      const at = Math.min(performance.now(), Math.max(lastAt, absolute - performance.timeOrigin));
      lastAt = at;
      if (event.kind === 'created' && 'socket' in event) open.add(event.socket);
      if (event.kind === 'closed') open.delete(event.socket);
      ctx.emit(event, at);
    };
    const end = () => {
      active = false;
      clearTimeout(timer);
      ctx.signal?.removeEventListener('abort', kill);
    };
    function fail(message: string) {
      if (!active) return;
      const why = `${message}${stderr ? `: ${stderr.trim().split('\n').slice(-3).join(' / ')}` : ''}`;
      answer({ ok: false, error: { code: 'INTERNAL', message: `The compare run's namespace failed (${why}).` } });
      // Its sockets went with the process that held them: say so on each, then end the run.
      for (const socket of open) {
        ctx.emit({
          kind: 'error',
          socket,
          code: 'EPIPE',
          syscall: 'compare',
          message: 'The process holding this socket in the compare namespace ended.',
        });
        ctx.emit({ kind: 'closed', socket, hadError: true });
      }
      open.clear();
      ctx.emit({ kind: 'compare-ended', run: id, reason: 'error', message: why });
      end();
      child.kill('SIGKILL');
    }
    const kill = () => {
      end();
      child.kill('SIGKILL');
    };
    ctx.signal?.addEventListener('abort', kill, { once: true });
    child.on('error', (err) => fail(err.message));
    child.on('exit', (code, sig) => {
      if (active) fail(`the lane helper exited (${sig ?? code})`);
    });
    child.stdin.on('error', () => {}); // a helper gone mid-write is reported by 'exit'
    readLines(
      child.stdout,
      (value) => {
        const msg = value as FromHelper;
        switch (msg?.type) {
          case 'event':
            return emit(msg.event, msg.at);
          case 'started':
            clearTimeout(timer);
            return answer(msg.outcome);
          case 'finished':
            end();
            child.stdin.end();
            return;
          case 'fatal':
            return fail(msg.message);
          default:
            return fail('the lane helper wrote something unexpected');
        }
      },
      (line) => fail(`unreadable line from the lane helper: ${line.slice(0, 80)}`),
    );
    writeLine(child.stdin, { type: 'start', run: id, cmd, ids: ctx.ids, caps, limits: ctx.limits });
    return {
      id,
      get active() {
        return active && !over;
      },
      started,
      stop: () => writeLine(child.stdin, { type: 'stop' }),
    };
  },
};
