import type { CaptureCapability } from '../../shared/wire/events';
import { type IpPacket, decodePacket } from '../../shared/wire/decode';
import { LINKTYPE, type PcapHeader, type PcapRecord, writePcapFile } from '../../shared/wire/pcap';
import { type Attribution, type WireSession, SessionWire } from './SessionWire';
import { type RunningTcpdump, startTcpdump } from './tcpdump';

export interface CaptureOptions {
  capability: CaptureCapability;
  sessions: () => Iterable<WireSession>;
  /** The server's own HTTP/WebSocket port: its traffic is never captured. */
  serverPort: () => number;
  snaplen: number;
  maxBytesPerSession: number;
  /** How long a packet may wait for the events that say whose it is (an accept, a connect's answer). */
  holdMs?: number;
  /** Stop tcpdump after this long without a session. */
  idleStopMs?: number;
  tickMs?: number;
  tool?: string;
}

const MAX_HELD_CONVERSATIONS = 256;
const MAX_HELD_PER_CONVERSATION = 512;

interface Held {
  since: number;
  items: { record: PcapRecord; packet: IpPacket }[];
}

/**
 * One capture for the whole server (tcpdump on lo, excluding the server's own
 * port), started while some session exists and stopped when none has for a
 * while; each packet goes to the session(s) owning its sockets, never anyone
 * else's. A packet whose owner is not known yet (its `accepted` or `connected`
 * event has not been produced) is held up to `holdMs`, with every later packet
 * of the same conversation, so each conversation keeps its order.
 */
export class CaptureService {
  private readonly wires = new Map<WireSession, SessionWire>();
  /**
   * `proto port` → the wires that registered an endpoint with that port, in creation order. A packet is asked
   * only of the wires listed under one of its ports: any other wire knows none of its endpoints.
   */
  private readonly byPort = new Map<string, SessionWire[]>();
  private readonly order = new WeakMap<SessionWire, number>();
  private created = 0;
  private run: RunningTcpdump | undefined;
  private listening = false;
  private linktype: number = LINKTYPE.EN10MB;
  private lastSession = performance.now();
  private restarts = 0;
  private lastExit = 0;
  private lastReport = 0;
  private readonly held = new Map<string, Held>();
  private readonly timer: NodeJS.Timeout;
  /** Whole-server figures (bench, tests). */
  readonly stats = { packets: 0, decodeErrors: 0, foreign: 0, kernelDrops: 0, consulted: 0 };

  /**
   * Packets the kernel dropped because tcpdump's buffer was full, since the server started: the runs that
   * ended plus the running one's count now (asked of tcpdump). Undefined when the running one does not answer.
   */
  async kernelDrops(): Promise<number | undefined> {
    const ended = this.stats.kernelDrops;
    if (!this.run) return ended;
    const now = await this.run.requestStats();
    return now === undefined ? undefined : ended + now;
  }

  constructor(private readonly o: CaptureOptions) {
    this.timer = setInterval(() => this.tick(), o.tickMs ?? 50);
    this.timer.unref();
  }

  get available(): boolean {
    return this.o.capability.available;
  }

  get running(): boolean {
    return this.listening;
  }

  private wireOf(s: WireSession): SessionWire {
    let w = this.wires.get(s);
    if (!w) {
      w = new SessionWire(s, this.o.maxBytesPerSession, (wire, key) => this.index(wire, key));
      this.order.set(w, this.created++);
      this.wires.set(s, w);
    }
    return w;
  }

  private index(wire: SessionWire, key: string): void {
    const list = this.byPort.get(key);
    if (!list) this.byPort.set(key, [wire]);
    else list.push(wire);
  }

  private forget(wire: SessionWire): void {
    for (const key of wire.ports) {
      const list = this.byPort.get(key)?.filter((w) => w !== wire);
      if (list?.length) this.byPort.set(key, list);
      else this.byPort.delete(key);
    }
  }

  /**
   * The wires that may own the packet (those knowing one of its ports), in creation order; undefined for a
   * packet no wire could ever claim.
   */
  private candidates(p: IpPacket): readonly SessionWire[] | undefined {
    const t = p.transport;
    if (t.proto === 'icmp') {
      // An ICMP error is about a packet one of ours sent: its owner knows the quoted source port.
      const q = t.quoted;
      if (!q || (q.proto !== 'tcp' && q.proto !== 'udp') || q.srcPort === undefined || q.dstPort === undefined)
        return undefined;
      return this.byPort.get(`${q.proto} ${q.srcPort}`) ?? [];
    }
    if (t.proto !== 'tcp' && t.proto !== 'udp') return undefined;
    const a = this.byPort.get(`${t.proto} ${t.srcPort}`);
    const b = t.srcPort === t.dstPort ? undefined : this.byPort.get(`${t.proto} ${t.dstPort}`);
    if (!a || !b) return a ?? b ?? [];
    const both = [...new Set([...a, ...b])];
    return both.sort((x, y) => (this.order.get(x) ?? 0) - (this.order.get(y) ?? 0));
  }

  /** The session's kept packets as a pcap file (exactly the packets its events show). */
  pcapFor(s: WireSession): Uint8Array {
    const packets = this.wires.get(s)?.packets ?? [];
    return writePcapFile(this.linktype, this.o.snaplen, packets);
  }

  private tick(): void {
    const now = performance.now();
    const live: WireSession[] = [];
    for (const s of this.o.sessions()) if (!s.ended) live.push(s);
    for (const [s, w] of this.wires)
      if (s.ended) {
        this.wires.delete(s);
        this.forget(w);
      }
    if (live.length) this.lastSession = now;
    if (!this.available) return;
    if (!this.run && live.length && this.restarts < 3 && now - this.lastExit > 2000) this.start();
    if (this.run && !live.length && now - this.lastSession > (this.o.idleStopMs ?? 30_000)) this.stop();
    if (this.listening) {
      for (const s of live) {
        const w = this.wireOf(s);
        if (!w.announced && s.attached) {
          w.announced = true;
          w.status('on');
        }
      }
      if (now - this.lastReport > 1000) {
        this.lastReport = now;
        for (const w of this.wires.values()) w.reportNotKept();
      }
    }
    if (this.held.size) this.release();
  }

  private start(): void {
    const port = this.o.serverPort();
    const filter = `(tcp or udp or icmp or icmp6) and not (tcp port ${port})`;
    const run = startTcpdump(
      this.o.snaplen,
      filter,
      {
        onListening: () => {
          this.listening = true;
          this.restarts = 0;
        },
        onRecords: (header, records) => this.onRecords(header, records),
        onExit: (reason) => {
          if (this.run !== run) return;
          this.stats.kernelDrops += run.kernelDrops ?? 0;
          const wasListening = this.listening;
          this.run = undefined;
          this.listening = false;
          this.lastExit = performance.now();
          if (this.stopping) {
            this.stopping = false;
            return;
          }
          this.restarts++;
          for (const w of this.wires.values()) {
            if (wasListening && w.announced) w.status('off', reason);
            w.announced = false;
          }
        },
      },
      this.o.tool,
    );
    this.run = run;
  }

  private stopping = false;

  private stop(): void {
    this.stopping = true;
    this.run?.stop();
  }

  /** Ends the capture for good (server closing). */
  close(): void {
    clearInterval(this.timer);
    this.stop();
  }

  private onRecords(header: PcapHeader, records: PcapRecord[]): void {
    this.linktype = header.linktype;
    for (const w of this.wires.values()) w.scan();
    for (const s of this.o.sessions()) if (!s.ended) this.wireOf(s).scan();
    for (const record of records) {
      this.stats.packets++;
      const d = decodePacket(header.linktype, record.data);
      if (!d.ok) {
        this.stats.decodeErrors++;
        continue;
      }
      const key = conversationKey(d.packet);
      if (key === undefined) continue;
      const held = this.held.get(key);
      if (held) held.items.push({ record, packet: d.packet });
      else if (!this.deliver(record, d.packet, false))
        this.held.set(key, { since: performance.now(), items: [{ record, packet: d.packet }] });
    }
    if (this.held.size) this.release();
  }

  /** Retries held conversations, in arrival order; past holdMs they are delivered as well as can be. */
  private release(): void {
    for (const w of this.wires.values()) w.scan();
    const now = performance.now();
    // Bounded: a flood of conversations nobody claims is not kept waiting.
    const crowded = this.held.size > MAX_HELD_CONVERSATIONS;
    for (const [key, held] of this.held) {
      const final =
        crowded || held.items.length > MAX_HELD_PER_CONVERSATION || now - held.since > (this.o.holdMs ?? 300);
      while (held.items.length) {
        const item = held.items[0]!;
        if (!this.deliver(item.record, item.packet, final)) break;
        held.items.shift();
      }
      if (!held.items.length) this.held.delete(key);
    }
  }

  /** Hands a packet to every session it belongs to; false when one of them must wait for its events. */
  private deliver(record: PcapRecord, packet: IpPacket, final: boolean): boolean {
    const answers: [SessionWire, Attribution][] = [];
    const candidates = this.candidates(packet);
    for (const w of candidates ?? []) {
      if (w.session.ended) continue;
      this.stats.consulted++;
      const a = w.attribute(packet, final);
      if (a === 'wait') return false;
      if (a) answers.push([w, a]);
    }
    if (!answers.length) {
      // Nobody knows it yet: while some session lives, its events may still say whose it is.
      if (candidates && !final && this.anyLive()) return false;
      this.stats.foreign++;
      return true;
    }
    // Capture time (wall clock, µs) on the monotonic clock the sessions stamp their events with. One fixed,
    // sub-millisecond mapping (timeOrigin), not Date.now() per batch: that one jitters by a millisecond, which
    // would reorder a held SYN against the SYN-ACK delivered in the next batch.
    const at = Math.min(record.timeMs - performance.timeOrigin, performance.now());
    for (const [w, a] of answers) w.take(record, packet, a, at);
    return true;
  }

  private anyLive(): boolean {
    for (const s of this.wires.keys()) if (!s.ended) return true;
    return false;
  }
}

/** The same key for both directions of a conversation, and for an ICMP error about it. */
function conversationKey(p: IpPacket): string | undefined {
  const t = p.transport;
  if (t.proto === 'tcp' || t.proto === 'udp') {
    const a = `${p.src}:${t.srcPort}`;
    const b = `${p.dst}:${t.dstPort}`;
    return `${t.proto} ${a < b ? `${a} ${b}` : `${b} ${a}`}`;
  }
  if (t.proto === 'icmp' && t.quoted?.srcPort !== undefined) {
    const a = `${t.quoted.src}:${t.quoted.srcPort}`;
    const b = `${t.quoted.dst}:${t.quoted.dstPort}`;
    return `${t.quoted.proto} ${a < b ? `${a} ${b}` : `${b} ${a}`}`;
  }
  return undefined;
}
