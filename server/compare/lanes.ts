/**
 * Sets up the four ends and two relays of a compare run, through the session's
 * own operations (so every socket is a normal session socket, checked by the
 * policy and counted by the limits, and every step is a normal event).
 */
import type { CommandInput, Endpoint, Family, Op, ResultOf } from '../../shared/protocol';
import type { LinkParams } from '../../shared/compare/link';
import type { CompareLabels } from '../../shared/compare/wire';
import type { DatagramDecision, ChunkDecision } from '../../shared/compare/decide';
import type { Reply } from '../sockets/types';
import type { SessionCommand } from '../sockets/operations';
import { TcpRelay } from '../relay/TcpRelay';
import { UdpRelay } from '../relay/UdpRelay';
import { LOOPBACK } from '../relay/loopback';

/** Runs one ordinary session command (the session's `runOperation`, bypassing the per-person command rate). */
export type RunCommand = (cmd: SessionCommand) => Promise<Reply<Op>>;

export interface Lanes {
  /** `receiver`: the call the listener accepted, whose `received` events carry the stream. */
  tcp: { listener: string; sender: string; receiver: string; relay: TcpRelay };
  udp: { receiver: string; sender: string; relay: UdpRelay };
  /** Every session socket of the run, for closing at the end. */
  sockets: string[];
}

export interface LaneHooks {
  onDatagram(d: DatagramDecision, datagram: Buffer): void;
  onChunk(d: ChunkDecision, bytes: number): void;
  /** The effective compareMaxQueueMs (the relays' queue bound). */
  maxQueueMs?: number;
}

/** How long the relay's onward TCP call may take on loopback before the run gives up. */
const ESTABLISH_TIMEOUT_MS = 5000;

class SetupError extends Error {
  constructor(readonly outcome: Reply<Op> & { ok: false }) {
    super(outcome.error.message);
  }
}

/** Builds the lanes, or closes whatever was built and returns the failing outcome. */
/** The sockets' names when the page gives none (a script): the roles, in English. */
const DEFAULT_LABELS: CompareLabels = {
  tcpReceiver: 'TCP receiver',
  tcpSender: 'TCP sender',
  udpReceiver: 'UDP receiver',
  udpSender: 'UDP sender',
};

export async function openLanes(
  run: RunCommand,
  /** Ids of the session's open sockets: the call the listener accepts is found among them. */
  openIds: () => string[],
  family: Family,
  link: LinkParams,
  hooks: LaneHooks,
  labels: CompareLabels = DEFAULT_LABELS,
): Promise<{ ok: true; lanes: Lanes } | (Reply<Op> & { ok: false })> {
  const sockets: string[] = [];
  const relays: { close(): void }[] = [];
  const op = async <O extends Op>(cmd: CommandInput<O>): Promise<ResultOf<O>> => {
    const out = await run({ id: 0, ...cmd } as SessionCommand);
    if (!out.ok) throw new SetupError(out);
    return out.result as ResultOf<O>;
  };
  const socket = async (proto: 'tcp' | 'udp', label: string) => {
    const { socket: id } = await op<'socket'>({ op: 'socket', proto, family, label });
    sockets.push(id);
    return id;
  };
  try {
    const address = LOOPBACK[family];
    const listener = await socket('tcp', labels.tcpReceiver);
    const tcpTarget: Endpoint = (await op<'listen'>({ op: 'listen', socket: listener, address, port: 0 })).local;
    const receiver = await socket('udp', labels.udpReceiver);
    const udpTarget: Endpoint = (await op<'bind'>({ op: 'bind', socket: receiver, address, port: 0 })).local;

    const { maxQueueMs } = hooks;
    const tcpRelay = await TcpRelay.open({ family, target: tcpTarget, link, onChunk: hooks.onChunk, maxQueueMs });
    relays.push(tcpRelay);
    const udpRelay = await UdpRelay.open({ family, target: udpTarget, link, onDecision: hooks.onDatagram, maxQueueMs });
    relays.push(udpRelay);

    const before = new Set(openIds());
    const tcpSender = await socket('tcp', labels.tcpSender);
    await op<'connect'>({ op: 'connect', socket: tcpSender, host: address, port: tcpRelay.address().port });
    await withTimeout(tcpRelay.whenEstablished(), ESTABLISH_TIMEOUT_MS);
    // The listener's accept() may come a moment after the relay's connect(): wait for the new socket.
    const known = new Set([...sockets]);
    const child = await poll(() => openIds().find((id) => !known.has(id) && !before.has(id)), ESTABLISH_TIMEOUT_MS);
    sockets.push(child);
    const udpSender = await socket('udp', labels.udpSender);
    await op<'connect'>({ op: 'connect', socket: udpSender, host: address, port: udpRelay.address().port });
    return {
      ok: true,
      lanes: {
        tcp: { listener, sender: tcpSender, receiver: child, relay: tcpRelay },
        udp: { receiver, sender: udpSender, relay: udpRelay },
        sockets,
      },
    };
  } catch (err) {
    for (const r of relays) r.close();
    for (const id of sockets) await run({ id: 0, op: 'close', socket: id });
    if (err instanceof SetupError) return err.outcome;
    return {
      ok: false,
      error: { code: 'INTERNAL', message: `The compare run could not be set up: ${(err as Error).message}` },
    };
  }
}

async function poll<T>(find: () => T | undefined, ms: number): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (performance.now() > deadline) throw new Error(`the listener did not accept the relay's call within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

function withTimeout(p: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the relay's call was not connected within ${ms} ms`)), ms);
    p.then(() => {
      clearTimeout(timer);
      resolve();
    }, reject);
  });
}
