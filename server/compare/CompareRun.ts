/**
 * One compare run inside a session: both lanes play the same script at the
 * same time on real sockets, paced by the server (browser timers would distort
 * it), and the relays report each decision as a `link` event. The run ends when
 * every byte has gone through (or the drain time has passed), and hangs up its
 * sockets like a person would — all of it in the session's event log, so it is
 * recorded and replayed like anything else.
 */
import type { EventInput } from '../../shared/protocol';
import type { CompareScript, LinkParams } from '../../shared/compare/link';
import { estimateRunMs } from '../../shared/compare/link';
import { DEFAULT_LIMITS } from '../../shared/limits';
import { decodeMessageNumber, encodeMessage } from '../../shared/compare/message';
import type { DatagramDecision, ChunkDecision } from '../../shared/compare/decide';
import type { LinkCapabilities } from '../netns/capabilities';
import type { Lanes, RunCommand } from './lanes';

export type EndReason = 'done' | 'stopped' | 'error';

const round = (ms: number) => Math.round(ms * 1000) / 1000;
/** How often the drain checks whether the last bytes went through. */
const DRAIN_POLL_MS = 20;
/** With the kernel's loss: how long after the last send an undelivered datagram counts as gone. */
const KERNEL_LOSS_QUIET_MS = 200;
/** After the relays delivered everything, time for the receivers' kernel → Node → event path. */
const SETTLE_MS = 60;

export interface CompareRunOptions {
  /** Which parts of the link the kernel applies on this machine and which the relays do. */
  caps: LinkCapabilities;
  /** limit compareDrainMs */
  drainMs: number;
  /**
   * limit compareMaxRunMs: when the kernel drops the TCP lane's packets, TCP's resends (each timeout twice the
   * last) may need longer than the drain; TCP promises every byte, so the run waits for them up to this bound.
   */
  maxRunMs: number;
}

export class CompareRun {
  /** When the last message was handed to the lanes (performance.now()). */
  private lastSendAt = 0;
  /** What the receivers have reported (their `received` events): the run is over when they have it all. */
  private readonly got = { tcpBytes: 0, udpDatagrams: 0 };
  private lanes: Lanes | undefined;
  private finished = false;
  private wake: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly id: string,
    private readonly script: CompareScript,
    private readonly link: LinkParams,
    private readonly run: RunCommand,
    private readonly emit: (e: EventInput) => void,
    private readonly onFinished: () => void,
    private readonly options: CompareRunOptions,
  ) {}

  /** Every event of the session while the run goes on: counts what the lanes' receivers reported. */
  observe(e: EventInput): void {
    if (!this.lanes || this.finished || e.kind !== 'received') return;
    if (e.socket === this.lanes.tcp.receiver) this.got.tcpBytes += e.bytes;
    else if (e.socket === this.lanes.udp.receiver) this.got.udpDatagrams++;
  }

  private get kernelLoss(): boolean {
    return this.options.caps.kernel.includes('lossPct');
  }

  get active(): boolean {
    return !this.finished;
  }

  onDatagram = (d: DatagramDecision, datagram: Buffer): void => {
    if (this.finished) return;
    const msg = decodeMessageNumber(datagram.toString('latin1', 0, 16));
    const base = {
      kind: 'link',
      run: this.id,
      lane: 'udp',
      n: d.n,
      bytes: datagram.byteLength,
      ...(msg === undefined ? {} : { msg }),
    } as const;
    if (d.action === 'drop') this.emit({ ...base, action: 'drop', reason: d.reason });
    else
      this.emit({ ...base, action: 'forward', delayMs: round(d.delayMs), duplicate: d.duplicate, reorder: d.reorder });
  };

  onChunk = (d: ChunkDecision, bytes: number): void => {
    if (this.finished) return;
    this.emit({ kind: 'link', run: this.id, lane: 'tcp', n: d.n, action: 'forward', bytes, delayMs: round(d.delayMs) });
  };

  /** Announces the run and starts pacing; returns at once. False when the run was stopped during its setup (then it hangs up at once). */
  start(lanes: Lanes): boolean {
    this.lanes = lanes;
    if (this.finished) {
      this.release();
      void this.hangUp();
      return false;
    }
    const { tcp, udp } = lanes;
    this.emit({
      kind: 'compare-started',
      run: this.id,
      script: this.script,
      link: this.link,
      tcp: { listener: tcp.listener, sender: tcp.sender },
      udp: { receiver: udp.receiver, sender: udp.sender },
      relays: { tcp: tcp.relay.address(), udp: udp.relay.address() },
      path: {
        mode: this.options.caps.mode,
        kernel: this.options.caps.kernel,
        relay: this.options.caps.relay,
        ...(this.options.caps.loss ? { loss: this.options.caps.loss } : {}),
      },
    });
    this.pace().catch((err: Error) => this.finish('error', `Allô failed during the run (a bug): ${err.message}`));
    return true;
  }

  /** compare-stop: ends now, with the bytes still in the link left undelivered. */
  stop(): void {
    void this.finish('stopped');
  }

  /** The session ended: release everything without a word (its sockets are already gone). */
  abort(): void {
    if (this.finished) return;
    this.finished = true;
    this.release();
    this.onFinished();
  }

  private async pace(): Promise<void> {
    const { count, size, intervalMs } = this.script;
    const { tcp, udp } = this.lanes!;
    const t0 = performance.now();
    for (let i = 0; i < count; i++) {
      await this.sleep(t0 + i * intervalMs - performance.now());
      if (this.finished) return;
      const text = encodeMessage(i, size);
      // Both lanes get message i in the same turn of the event loop.
      const [a, b] = await Promise.all([
        this.run({ id: 0, op: 'send', socket: tcp.sender, data: { text } }),
        this.run({ id: 0, op: 'send', socket: udp.sender, data: { text } }),
      ]);
      this.lastSendAt = performance.now();
      const failed = !a.ok ? a : !b.ok ? b : undefined;
      if (failed && !failed.ok) return this.finish('error', `${failed.error.code}: ${failed.error.message}`);
    }
    await this.drain(t0);
    await this.sleep(SETTLE_MS);
    return this.finish('done');
  }

  /**
   * Waits until the relays have carried every byte and datagram, or until the run's time is up; over the kernel's
   * lossy link, TCP's bytes are waited for until compareMaxRunMs (UDP's lost datagrams never come).
   */
  private async drain(t0: number): Promise<void> {
    const { count, size } = this.script;
    const { tcp, udp } = this.lanes!;
    const deadline = t0 + estimateRunMs(this.script, this.link) + this.options.drainMs;
    // Over the kernel's lossy link a lost segment comes back only when TCP's retransmission timer fires, which
    // doubles after each loss (0.2 s, 0.4 s, 0.8 s… on Linux): ending at the drain's deadline would call TCP's bytes lost.
    const tcpDeadline = this.kernelLoss ? Math.max(deadline, t0 + this.options.maxRunMs) : deadline;
    for (;;) {
      const now = performance.now();
      if (this.finished || now >= tcpDeadline) return;
      // Delivered by the relay is not yet seen: the receiver's own `received` events must have reported it,
      // or the scoreboard would call the last messages lost when the run says it is over.
      const tcpDone = tcp.relay.bytesDelivered >= count * size && this.got.tcpBytes >= tcp.relay.bytesDelivered;
      // A datagram the kernel dropped never reaches the relay: once the relay holds nothing and loopback has
      // had time to carry the last one, nothing more can come.
      const udpArrived =
        udp.relay.counts.received >= count || (this.kernelLoss && now - this.lastSendAt > KERNEL_LOSS_QUIET_MS);
      const udpDone = udpArrived && udp.relay.pending() === 0 && this.got.udpDatagrams >= udp.relay.counts.delivered;
      if (tcpDone && udpDone) return;
      if (now >= deadline && (tcpDone || !this.kernelLoss)) return;
      await this.sleep(DRAIN_POLL_MS);
    }
  }

  private async finish(reason: EndReason, message?: string): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.emit({ kind: 'compare-ended', run: this.id, reason, ...(message ? { message } : {}) });
    this.release();
    await this.hangUp();
    this.onFinished();
  }

  /** Hangs up like a person would: the events show each end closing. */
  private async hangUp(): Promise<void> {
    for (const socket of this.lanes?.sockets ?? []) await this.run({ id: 0, op: 'close', socket });
  }

  private release(): void {
    clearTimeout(this.timer);
    this.wake?.();
    this.lanes?.tcp.relay.close();
    this.lanes?.udp.relay.close();
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.finished) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
    });
  }
}
