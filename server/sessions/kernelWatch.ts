import type { EventInput } from '../../shared/protocol';
import {
  findKernelSocket,
  indexKernelSockets,
  type KernelSocket,
  readKernelSocketsSync,
  readSsTcpSync,
  type SsTcpSocket,
  tcpInfoOf,
} from '../kernel';
import type { KernelKey, ManagedSocket } from '../sockets/types';
import type { Session } from './Session';

/** At most this many closed calls followed per session while the kernel keeps them (TIME_WAIT lasts 60 s). */
export const MAX_LINGERING_PER_SESSION = 64;

/** An IPv6 socket (dual-stack and v4-mapped ones too) is in tcp6/udp6, an IPv4 one in tcp/udp. */
const tableOf = (key: KernelKey) => `${key.proto}${key.local.address.includes(':') ? '6' : ''}`;

/** One sample of the kernel's table, indexed for lookups. */
export type KernelTable = ReturnType<typeof indexKernelSockets>;

/** States whose timer is the countdown a student waits for: until the 4-tuple leaves the table. */
const COUNTDOWN = new Set(['TIME_WAIT', 'FIN_WAIT2']);

/**
 * What the kernel's table says about one session's sockets, as `kernel`
 * events on change: the open sockets, and the calls the program closed but
 * the kernel still holds (FIN_WAIT1/2, CLOSING, LAST_ACK, TIME_WAIT) until
 * they leave the table, when a last event says `CLOSED`. Every event carries
 * the time of the sample it comes from.
 */
export class KernelTracker {
  /** Last view reported per socket, so events come only on change. */
  private readonly seen = new Map<string, string>();
  private readonly lingering = new Map<string, KernelKey>();
  /** Last state reported per followed closed call: TIME_WAIT keeps no tcp_info, so it needs no `ss`. */
  private readonly lingeringState = new Map<string, string>();

  constructor(private readonly emit: (e: EventInput, at: number) => void) {}

  /** True while some closed call is still followed in the kernel's table. */
  get following(): boolean {
    return this.lingering.size > 0;
  }

  /** A socket closed: forget its view; follow a TCP call's 4-tuple while the kernel keeps it. */
  closed(id: string, linger: KernelKey | undefined): void {
    this.seen.delete(id);
    if (linger?.proto === 'tcp' && linger.remote && this.lingering.size < MAX_LINGERING_PER_SESSION)
      this.lingering.set(id, linger);
  }

  /** The tables of /proc/net (tcp, tcp6, udp, udp6) that hold this session's sockets. */
  tablesOf(open: Iterable<ManagedSocket>, into: Set<string>): void {
    for (const s of open) {
      const key = s.kernelKey();
      if (key) into.add(tableOf(key));
    }
    for (const key of this.lingering.values()) into.add(tableOf(key));
  }

  /**
   * Local ports of the TCP calls whose tcp_info is worth reading (`ss` runs
   * only when some session has one): open connected sockets, and closed calls
   * the kernel still holds in a state with a tcp_info (not TIME_WAIT).
   */
  *tcpPorts(open: Iterable<ManagedSocket>): Generator<number> {
    for (const s of open) {
      const key = s.kernelKey();
      if (key?.proto === 'tcp' && key.remote) yield key.local.port;
    }
    for (const [id, key] of this.lingering) if (this.lingeringState.get(id) !== 'TIME_WAIT') yield key.local.port;
  }

  /**
   * One sample: `table` (/proc/net) read at `at`, and `info` (`ss -ti`, run
   * just before in the same synchronous step) when some TCP call wanted it.
   */
  sample(open: Iterable<ManagedSocket>, table: KernelTable, at: number, info?: readonly SsTcpSocket[]): void {
    for (const s of open) {
      const key = s.kernelKey();
      const entry = key && table.find(key.local, key.remote, key.proto);
      if (entry) this.report(s.id, entry, false, at, key.proto === 'tcp' && key.remote ? info : undefined);
    }
    for (const [id, key] of this.lingering) {
      const entry = table.find(key.local, key.remote, 'tcp');
      if (entry) {
        this.lingeringState.set(id, entry.state);
        this.report(id, entry, true, at, info);
        continue;
      }
      // Gone from the table: the number is really free now.
      this.lingering.delete(id);
      this.lingeringState.delete(id);
      this.seen.delete(id);
      this.emit({ kind: 'kernel', socket: id, state: 'CLOSED', txQueue: 0, rxQueue: 0, afterClose: true }, at);
    }
  }

  private report(
    id: string,
    entry: KernelSocket,
    afterClose: boolean,
    at: number,
    info: readonly SsTcpSocket[] | undefined,
  ): void {
    const countdown = afterClose && COUNTDOWN.has(entry.state) && entry.timerMs !== undefined;
    // ss's dump is a few ms older than the table: a state that changed in between gets no tcp_info this time.
    const ss = info && findKernelSocket(info, entry.local, entry.remote, 'tcp');
    const tcpInfo = ss && ss.state === entry.state ? tcpInfoOf(ss) : undefined;
    // A countdown reports each whole second it passes, each one a real sample of the kernel's timer.
    const view = `${entry.state} ${entry.txQueue} ${entry.rxQueue} ${afterClose}${countdown ? ` ${Math.ceil(entry.timerMs! / 1000)}` : ''}${tcpInfo ? ` ${JSON.stringify(tcpInfo)}` : ''}`;
    if (this.seen.get(id) === view) return;
    this.seen.set(id, view);
    this.emit(
      {
        kind: 'kernel',
        socket: id,
        state: entry.state,
        txQueue: entry.txQueue,
        rxQueue: entry.rxQueue,
        ...(countdown ? { timerMs: Math.round(entry.timerMs!) } : {}),
        ...(afterClose ? { afterClose: true } : {}),
        ...(tcpInfo ? { tcpInfo } : {}),
      },
      at,
    );
  }
}

export interface KernelWatchStats {
  /** Samples taken (ticks with some session to report to). */
  samples: number;
  /** Of those, the ones that ran `ss -ti`, and the ms those runs took in all (the event loop waits for them). */
  ssRuns: number;
  ssMs: number;
}

/**
 * One reader of the kernel's socket table for the whole server: every
 * `intervalMs` (only while some session has sockets, or closed calls the kernel
 * still holds) it reads /proc/net once and lets each session report what
 * changed (`kernel` events). The read is synchronous so the events it makes
 * carry the time of the sample and stay in order with every other event.
 * Polling shows the states that last — LISTEN, ESTABLISHED, FIN_WAIT2,
 * CLOSE_WAIT, TIME_WAIT, a growing rxQueue while a reader is paused — not a
 * SYN_SENT that lasts microseconds on loopback.
 */
export function startKernelWatch(
  sessions: () => Iterable<Session>,
  intervalMs: number,
  /** Also read each connected TCP call's tcp_info with `ss -ti` (capabilities.tcpInfo). */
  tcpInfo = false,
): { stop: () => void; stats: () => KernelWatchStats } {
  const stats: KernelWatchStats = { samples: 0, ssRuns: 0, ssMs: 0 };
  const timer = setInterval(() => {
    const live = [...sessions()].filter((s) => s.registry.openCount > 0 || s.kernelFollowing);
    if (live.length === 0) return;
    stats.samples++;
    // Only the tables that hold some session's socket: each TCP table read walks the kernel's
    // whole connection hash (about 6 ms on a 2-core VM), whoever's sockets are in it.
    const tables = new Set<string>();
    for (const s of live) s.kernelTables(tables);
    if (tables.size === 0) return;
    try {
      // ss costs a process (about 3 ms, `npm run bench -- --only capture`): only when some session has a TCP call.
      const ports = tcpInfo ? live.flatMap((s) => [...s.kernelTcpPorts()]) : [];
      let info: SsTcpSocket[] | undefined;
      if (ports.length > 0) {
        const ss = readSsTcpSync(ports);
        info = ss.sockets;
        stats.ssRuns++;
        stats.ssMs += ss.ms;
      }
      const { sockets, at } = readKernelSocketsSync({ tables: [...tables] });
      const table = indexKernelSockets(sockets);
      for (const s of live) s.sampleKernel(table, at, info);
    } catch {
      // An unreadable table is the same as no kernel capability: nothing to report.
    }
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer), stats: () => ({ ...stats }) };
}
