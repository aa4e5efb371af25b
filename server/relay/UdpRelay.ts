import dgram from 'node:dgram';
import { LinkModel, type DatagramDecision } from '../../shared/compare/decide';
import type { LinkParams } from '../../shared/compare/link';
import type { Endpoint, Family } from '../../shared/protocol';
import { LOOPBACK } from './loopback';

export interface UdpRelayOptions {
  family: Family;
  /** Where datagrams from anyone else are forwarded: the receiving end of the lane. */
  target: Endpoint;
  link: LinkParams;
  /** Called once per datagram, when the relay decides its fate (the relay's truth, reported as a `link` event). */
  onDecision?: (decision: DatagramDecision, datagram: Buffer) => void;
  /** Longest a reordered datagram waits for another one to overtake it. */
  maxHoldMs?: number;
  /** Longest a datagram may wait in the link's queue (limit compareMaxQueueMs). */
  maxQueueMs?: number;
}

/**
 * A UDP relay on a real socket: datagrams sent to it are lost, delayed,
 * reordered, duplicated or queued behind a bandwidth cap as the link model
 * decides, then sent on to the target. Datagrams the target sends back go to the
 * last sender unchanged (the compare script only sends one way).
 */
export class UdpRelay {
  private readonly model: LinkModel;
  private readonly timers = new Set<NodeJS.Timeout>();
  private held: { buf: Buffer; duplicate: boolean; timer: NodeJS.Timeout } | undefined;
  private lastSender: { address: string; port: number } | undefined;
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  /** Datagrams received from senders, and copies delivered to the target. */
  readonly counts = { received: 0, dropped: 0, delivered: 0 };

  private constructor(
    private readonly sock: dgram.Socket,
    private readonly opts: UdpRelayOptions,
  ) {
    this.model = new LinkModel(opts.link, opts.maxQueueMs);
    sock.on('message', (msg, rinfo) => this.onMessage(msg, rinfo));
  }

  static open(opts: UdpRelayOptions): Promise<UdpRelay> {
    const sock = dgram.createSocket({ type: opts.family === 6 ? 'udp6' : 'udp4', ipv6Only: opts.family === 6 });
    return new Promise((resolve, reject) => {
      sock.once('error', reject);
      sock.bind(0, LOOPBACK[opts.family], () => {
        sock.off('error', reject);
        // A relay's send error (the receiver went away) is the link's business, not a crash.
        sock.on('error', () => {});
        resolve(new UdpRelay(sock, opts));
      });
    });
  }

  address(): Endpoint {
    const a = this.sock.address();
    return { address: a.address, port: a.port, family: a.family === 'IPv6' ? 6 : 4 };
  }

  /** Datagrams accepted by the link and not yet delivered. */
  pending(): number {
    return this.timers.size + (this.held ? 1 : 0);
  }

  /** Resolves once nothing is waiting in the link. */
  whenIdle(): Promise<void> {
    if (this.pending() === 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.held) clearTimeout(this.held.timer);
    this.held = undefined;
    this.sock.close();
    this.checkIdle();
  }

  private onMessage(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    const { target } = this.opts;
    if (rinfo.address === target.address && rinfo.port === target.port) {
      if (this.lastSender) this.sock.send(msg, this.lastSender.port, this.lastSender.address);
      return;
    }
    this.lastSender = { address: rinfo.address, port: rinfo.port };
    this.counts.received++;
    const d = this.model.datagram(msg.byteLength, performance.now());
    this.opts.onDecision?.(d, msg);
    if (d.action === 'drop') {
      this.counts.dropped++;
      return;
    }
    if (d.delayMs <= 0 && !d.reorder) {
      // A link with no delay: no timer to wait for (a timer per datagram costs a third of the relay's rate).
      this.deliver(msg, d.duplicate);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (d.reorder && !this.held) this.hold(msg, d.duplicate);
      else this.deliver(msg, d.duplicate);
    }, d.delayMs);
    this.timers.add(timer);
  }

  /** Keeps a datagram back until the next delivery has overtaken it (or maxHoldMs passes). */
  private hold(msg: Buffer, duplicate: boolean): void {
    const timer = setTimeout(() => this.release(), this.opts.maxHoldMs ?? 500);
    this.held = { buf: msg, duplicate, timer };
  }

  private release(): void {
    const h = this.held;
    if (!h) return;
    clearTimeout(h.timer);
    this.held = undefined;
    this.deliverCopy(h.buf);
    if (h.duplicate) this.deliverCopy(h.buf);
    this.checkIdle();
  }

  private deliver(msg: Buffer, duplicate: boolean): void {
    this.deliverCopy(msg);
    if (duplicate) this.deliverCopy(msg);
    // The datagram that overtook the held one has gone: now the held one follows.
    this.release();
    this.checkIdle();
  }

  private deliverCopy(msg: Buffer): void {
    if (this.closed) return;
    this.counts.delivered++;
    this.sock.send(msg, this.opts.target.port, this.opts.target.address);
  }

  private checkIdle(): void {
    if (this.pending() > 0 && !this.closed) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
