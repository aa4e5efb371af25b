/**
 * The `compare` and `compare-stop` ops. A session runs at most one compare at a
 * time; the run is keyed by the session's socket registry, which is unique to
 * the session, so nothing of the session itself had to change.
 */
import type { CommandOf, Family } from '../../shared/protocol';
import { estimateRunMs } from '../../shared/compare/link';
import { COMPARE_LIMITS } from '../../shared/compare/limits';
import { limitError } from '../policy/limits';
import type { SocketRegistry } from '../sockets/SocketRegistry';
import { badState, done, fail, type Outcome } from '../sockets/types';
import { CompareRun } from './CompareRun';
import { openLanes, type RunCommand } from './lanes';

/** Session sockets of one run: TCP listener, accepted call and caller; UDP receiver and sender. */
export const SOCKETS_PER_RUN = 5;

export interface CompareContext {
  readonly registry: SocketRegistry;
  readonly maxSocketsPerSession: number;
  readonly run: RunCommand;
  readonly emit: ConstructorParameters<typeof CompareRun>[4];
  /** The session's lifetime: when it aborts, the run's relays and timers go too. */
  readonly signal?: AbortSignal;
}

const running = new WeakMap<SocketRegistry, CompareRun>();
const counters = new WeakMap<SocketRegistry, number>();

export async function startCompare(cmd: CommandOf<'compare'>, ctx: CompareContext): Promise<Outcome<'compare'>> {
  const { registry } = ctx;
  if (running.get(registry)?.active)
    return badState('A compare run is already going on in this session: stop it first (compare-stop).');
  const estimate = estimateRunMs(cmd.script, cmd.link);
  if (estimate > COMPARE_LIMITS.maxRunMs) {
    return {
      ok: false,
      error: {
        code: 'LIMIT',
        limit: 'maxRunMs',
        message:
          `This run would take about ${Math.round(estimate / 1000)} s; a run may last at most ${COMPARE_LIMITS.maxRunMs / 1000} s. ` +
          'Send fewer or smaller messages, or raise the bandwidth.',
      },
    };
  }
  if (registry.openCount + SOCKETS_PER_RUN > ctx.maxSocketsPerSession) {
    return {
      ok: false,
      error: limitError(
        'maxSocketsPerSession',
        `A compare run needs ${SOCKETS_PER_RUN} sockets and this session already has ${registry.openCount} open ` +
          `(at most ${ctx.maxSocketsPerSession}). Close some first.`,
      ),
    };
  }
  const n = (counters.get(registry) ?? 0) + 1;
  counters.set(registry, n);
  const run = new CompareRun(`c${n}`, cmd.script, cmd.link, ctx.run, ctx.emit, () => {
    if (running.get(registry) === run) running.delete(registry);
  });
  running.set(registry, run);
  const family: Family = cmd.family ?? 4;
  const opened = await openLanes(
    ctx.run,
    () => [...registry.sockets()].map((s) => s.id),
    family,
    cmd.link,
    {
      onDatagram: run.onDatagram,
      onChunk: run.onChunk,
    },
    cmd.labels,
  );
  if (!opened.ok) {
    run.abort();
    return opened;
  }
  if (ctx.signal?.aborted) {
    run.abort();
    return fail('BAD_STATE', 'The session ended.');
  }
  ctx.signal?.addEventListener('abort', () => run.abort(), { once: true });
  if (!run.start(opened.lanes)) return badState('The run was stopped while it was being set up.');
  const { tcp, udp } = opened.lanes;
  return done<'compare'>({
    run: run.id,
    tcp: { listener: tcp.listener, sender: tcp.sender },
    udp: { receiver: udp.receiver, sender: udp.sender },
    relays: { tcp: tcp.relay.address(), udp: udp.relay.address() },
  });
}

export function stopCompare(cmd: CommandOf<'compare-stop'>, registry: SocketRegistry): Outcome<'compare-stop'> {
  const run = running.get(registry);
  if (!run || run.id !== cmd.run || !run.active)
    return fail('NOT_FOUND', `There is no compare run "${cmd.run}" going on in this session.`);
  run.stop();
  return done<'compare-stop'>({});
}
