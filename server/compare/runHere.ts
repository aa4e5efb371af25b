/**
 * A compare run inside the session itself: the lanes are ordinary session
 * sockets and the link is the user-space relays (server/relay/), which can
 * lose a datagram but not a TCP segment. Used where the machine cannot give
 * the lanes a namespace of their own, and by tests that need the relays'
 * seeded, repeatable decisions.
 */
import type { Limits } from '../../shared/limits';
import type { CommandOf, EventInput } from '../../shared/protocol';
import type { LinkCapabilities } from '../netns/capabilities';
import type { Reply } from '../sockets/types';
import { fail } from '../sockets/types';
import { CompareRun } from './CompareRun';
import { openLanes, type Lanes, type RunCommand } from './lanes';

/** What the desk keeps of a run, wherever it runs. */
export interface CompareHandle {
  readonly id: string;
  readonly active: boolean;
  /** The `compare` command's reply: when the lanes are set up (or could not be). */
  readonly started: Promise<Reply<'compare'>>;
  stop(): void;
  /** Every event of the session (or of the namespace), so the run knows what its receivers reported. */
  observe?(e: EventInput): void;
}

export interface HereContext {
  readonly run: RunCommand;
  /** Ids of the open sockets: the call the listener accepts is found among them. */
  readonly openIds: () => string[];
  readonly emit: (e: EventInput, at?: number) => void;
  readonly signal?: AbortSignal;
  /** The server's effective limits (compareDrainMs, compareMaxQueueMs). */
  readonly limits: Limits;
  /** Called with the lanes before sending starts (the namespace helper installs the kernel's loss here). */
  readonly beforeStart?: (lanes: Lanes) => Promise<void>;
  /** After the run has ended and hung up its sockets. */
  readonly onFinished?: () => void;
}

export function runCompareHere(
  id: string,
  cmd: CommandOf<'compare'>,
  caps: LinkCapabilities,
  ctx: HereContext,
): CompareHandle {
  let finished = false;
  const kernelLoss = caps.kernel.includes('lossPct');
  const run = new CompareRun(
    id,
    cmd.script,
    cmd.link,
    ctx.run,
    ctx.emit,
    () => {
      finished = true;
      ctx.onFinished?.();
    },
    { caps, drainMs: ctx.limits.compareDrainMs, maxRunMs: ctx.limits.compareMaxRunMs },
  );
  const started = (async (): Promise<Reply<'compare'>> => {
    // What the kernel applies, the relay must not apply a second time.
    const relayLink = kernelLoss ? { ...cmd.link, lossPct: 0 } : cmd.link;
    const opened = await openLanes(
      ctx.run,
      ctx.openIds,
      cmd.family ?? 4,
      relayLink,
      { onDatagram: run.onDatagram, onChunk: run.onChunk, maxQueueMs: ctx.limits.compareMaxQueueMs },
      cmd.labels,
    );
    if (!opened.ok) {
      run.abort();
      return opened;
    }
    if (ctx.signal?.aborted) {
      run.abort();
      return fail('BAD_STATE', 'The session ended.', { reason: 'session-ended' });
    }
    ctx.signal?.addEventListener('abort', () => run.abort(), { once: true });
    try {
      await ctx.beforeStart?.(opened.lanes);
    } catch (err) {
      run.abort();
      opened.lanes.tcp.relay.close();
      opened.lanes.udp.relay.close();
      for (const socket of opened.lanes.sockets) await ctx.run({ id: 0, op: 'close', socket });
      return fail('INTERNAL', `The link could not be set up in the kernel: ${(err as Error).message}`);
    }
    if (!run.start(opened.lanes))
      return fail('BAD_STATE', 'The run was stopped while it was being set up.', { reason: 'compare-stopped' });
    const { tcp, udp } = opened.lanes;
    return {
      ok: true,
      result: {
        run: id,
        tcp: { listener: tcp.listener, sender: tcp.sender },
        udp: { receiver: udp.receiver, sender: udp.sender },
        relays: { tcp: tcp.relay.address(), udp: udp.relay.address() },
      },
    };
  })();
  return {
    id,
    get active() {
      return !finished && run.active;
    },
    started,
    stop: () => run.stop(),
    observe: (e) => run.observe(e),
  };
}
