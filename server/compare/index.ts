/**
 * The `compare` and `compare-stop` ops of one session. A session runs at most
 * one compare at a time; its `CompareDesk` (owned by the session, like its
 * socket registry) holds the run and numbers them c1, c2, …
 *
 * Where the lanes run depends on the machine (server/netns/capabilities.ts):
 * in a private network namespace whose loopback the kernel itself degrades,
 * so that TCP really loses segments and really retransmits; or, where that is
 * impossible, in the session itself through user-space relays.
 */
import { DEFAULT_LIMITS, type Limits } from '../../shared/limits';
import type { CommandOf, EventInput } from '../../shared/protocol';
import { linkCapabilities, type LinkCapabilities } from '../netns/capabilities';
import { NamespaceRun } from '../netns/NamespaceRun';
import { checkCompareLimits, limitError } from '../policy/limits';
import type { SocketRegistry } from '../sockets/SocketRegistry';
import { badState, fail, type Reply } from '../sockets/types';
import { runCompareHere, type CompareHandle } from './runHere';
import type { RunCommand } from './lanes';

/** Session sockets of one run: TCP listener, accepted call and caller; UDP receiver and sender. */
export const SOCKETS_PER_RUN = 5;

/** `auto`: the kernel's link where the machine allows it, else the relays; `relay`: always the relays (deterministic tests). */
export type CompareLinkMode = 'auto' | 'relay';

export interface CompareContext {
  readonly registry: SocketRegistry;
  readonly maxSocketsPerSession: number;
  /** The server's effective limits: the compare ones may be tighter than the wire schema's defaults. */
  readonly limits?: Limits;
  readonly run: RunCommand;
  readonly emit: (e: EventInput, at?: number) => void;
  /** The session's lifetime: when it aborts, the run's relays, helper process and timers go too. */
  readonly signal?: AbortSignal;
  readonly linkMode?: CompareLinkMode;
}

export class CompareDesk {
  private current: CompareHandle | undefined;
  private count = 0;

  constructor(private readonly ctx: CompareContext) {}

  async start(cmd: CommandOf<'compare'>): Promise<Reply<'compare'>> {
    const { registry, maxSocketsPerSession } = this.ctx;
    if (this.current?.active)
      return badState(
        'A compare run is already going on in this session: stop it first (compare-stop).',
        'compare-running',
      );
    const tighter = checkCompareLimits(cmd, this.ctx.limits ?? DEFAULT_LIMITS);
    if (tighter) return { ok: false, error: tighter };
    if (registry.openCount + SOCKETS_PER_RUN > maxSocketsPerSession) {
      return {
        ok: false,
        error: limitError(
          'maxSocketsPerSession',
          `A compare run needs ${SOCKETS_PER_RUN} sockets and this session already has ${registry.openCount} open ` +
            `(at most ${maxSocketsPerSession}). Close some first.`,
        ),
      };
    }
    const id = `c${++this.count}`;
    // The run exists from now on: a compare-stop that comes while the machine's link is being found out stops it.
    let stopped = false;
    this.current = {
      id,
      active: true,
      started: Promise.resolve(badState('The run was stopped while it was being set up.', 'compare-stopped')),
      stop: () => {
        stopped = true;
      },
    };
    const caps = await this.capabilities();
    const handle =
      caps.mode === 'kernel'
        ? NamespaceRun.start(id, cmd, caps, {
            ids: Array.from({ length: SOCKETS_PER_RUN }, () => registry.nextId()),
            limits: this.ctx.limits ?? DEFAULT_LIMITS,
            emit: this.ctx.emit,
            ...(this.ctx.signal ? { signal: this.ctx.signal } : {}),
          })
        : runCompareHere(id, cmd, caps, {
            run: this.ctx.run,
            openIds: () => [...registry.sockets()].map((s) => s.id),
            limits: this.ctx.limits ?? DEFAULT_LIMITS,
            emit: this.ctx.emit,
            ...(this.ctx.signal ? { signal: this.ctx.signal } : {}),
          });
    this.current = handle;
    if (stopped) handle.stop();
    return handle.started;
  }

  /** Every event the session emits: the running compare counts what its receivers reported. */
  observe(e: EventInput): void {
    this.current?.observe?.(e);
  }

  stop(cmd: CommandOf<'compare-stop'>): Reply<'compare-stop'> {
    const run = this.current;
    if (!run || run.id !== cmd.run || !run.active)
      return fail('NOT_FOUND', `There is no compare run "${cmd.run}" going on in this session.`);
    run.stop();
    return { ok: true, result: {} };
  }

  /** The relays alone when asked (deterministic tests); otherwise what the machine allows. */
  private async capabilities(): Promise<LinkCapabilities> {
    const caps = await linkCapabilities();
    if (this.ctx.linkMode === 'relay' || caps.mode === 'relay') return relayOnly(caps);
    return caps;
  }
}

function relayOnly(caps: LinkCapabilities): LinkCapabilities {
  return { ...caps, mode: 'relay', kernel: [], relay: [...caps.kernel, ...caps.relay] };
}
