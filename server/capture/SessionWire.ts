import type { Endpoint, Event, EventInput } from '../../shared/protocol';
import { canonicalAddress } from '../../shared/wire/address';
import type { IcmpHeader, IpPacket } from '../../shared/wire/decode';
import type { PcapRecord } from '../../shared/wire/pcap';
import { TcpConversation } from '../../shared/wire/tcpAnalysis';

/** What the capture needs of a session (Session fits it): its events in, wire events out. */
export interface WireSession {
  readonly ended: boolean;
  readonly attached: boolean;
  readonly log: { after(seq: number, max: number): Event[]; readonly lastSeq: number };
  emit(event: EventInput, at?: number): void;
}

/** Which of this session's sockets a packet belongs to. */
export interface Attribution {
  socket: string;
  dir: 'out' | 'in';
  peer?: string;
}

type Proto = 'tcp' | 'udp';
const hostPort = (address: string, port: number) => `${canonicalAddress(address)}:${port}`;
const tupleKey = (proto: Proto, local: string, remote: string) => `${proto} ${local} ${remote}`;
const UNSPECIFIED = new Set(['0.0.0.0', '::']);

/**
 * One session's share of the capture. Its endpoint registry is built from the
 * session's own events — `bound`, `listening`, `connecting`, `connected`,
 * `accepted` — so it covers accepted calls and UDP sockets, and keeps closed
 * sockets (their last FIN/ACK and TIME_WAIT come after `closed`) for as long as
 * the session lives; no hook in the sockets is needed. It keeps the packets it
 * showed within a byte budget, for the .pcap export.
 */
export class SessionWire {
  private scanned = 0;
  private readonly proto = new Map<string, Proto>();
  /** `proto local remote` → socket, for connected sockets and accepted calls (newest wins: ports are reused). */
  private readonly exact = new Map<string, string>();
  /** `proto local` → socket, for listeners and bound UDP sockets. */
  private readonly bound = new Map<string, string>();
  /** TCP sockets dialling a remote whose local port is not known yet (a refused connect never learns it). */
  private readonly dialing: { socket: string; remote: string; local?: string }[] = [];
  private readonly conversations = new Map<string, TcpConversation>();
  private readonly kept: PcapRecord[] = [];
  private keptBytes = 0;
  private notKept = 0;
  private reportedNotKept = 0;
  announced = false;
  /** `proto port` of every endpoint this wire could claim a packet by (for the service's index). */
  readonly ports = new Set<string>();

  constructor(
    readonly session: WireSession,
    private readonly maxBytes: number,
    /** Told of each new `proto port` in `ports`. */
    private readonly onPort?: (wire: SessionWire, key: string) => void,
  ) {}

  private note(proto: Proto, port: number | string): void {
    const key = `${proto} ${port}`;
    if (this.ports.has(key)) return;
    this.ports.add(key);
    this.onPort?.(this, key);
  }

  /** Reads the session's new events into the endpoint registry. */
  scan(): void {
    if (this.session.log.lastSeq === this.scanned) return;
    for (const e of this.session.log.after(this.scanned, 1_000_000)) this.register(e);
    this.scanned = this.session.log.lastSeq;
  }

  /** The registration API: one socket event in, its endpoints remembered. */
  register(e: Event): void {
    switch (e.kind) {
      case 'created':
        this.proto.set(e.socket, e.proto);
        return;
      case 'bound':
      case 'listening':
        this.note(this.proto.get(e.socket) ?? 'tcp', e.local.port);
        this.bound.set(`${this.proto.get(e.socket) ?? 'tcp'} ${hostPort(e.local.address, e.local.port)}`, e.socket);
        return;
      case 'connecting':
        if (this.proto.get(e.socket) === 'tcp') {
          // A SYN from a port not known yet is matched by its destination: the remote's port.
          this.note('tcp', e.remote.port);
          this.dialing.push({ socket: e.socket, remote: hostPort(e.remote.address, e.remote.port) });
        }
        return;
      case 'connected': {
        const local = hostPort(e.local.address, e.local.port);
        const remote = hostPort(e.remote.address, e.remote.port);
        const proto = this.proto.get(e.socket) ?? 'tcp';
        this.note(proto, e.local.port);
        this.exact.set(tupleKey(proto, local, remote), e.socket);
        for (const d of this.dialing) if (d.socket === e.socket) d.local = local;
        return;
      }
      case 'accepted':
        this.proto.set(e.child, 'tcp');
        this.note('tcp', e.local.port);
        this.exact.set(
          tupleKey('tcp', hostPort(e.local.address, e.local.port), hostPort(e.remote.address, e.remote.port)),
          e.child,
        );
        return;
      default:
        return;
    }
  }

  private boundTo(proto: Proto, hp: string): string | undefined {
    const found = this.bound.get(`${proto} ${hp}`);
    if (found) return found;
    const port = hp.slice(hp.lastIndexOf(':') + 1);
    for (const any of UNSPECIFIED) {
      const s = this.bound.get(`${proto} ${any}:${port}`);
      if (s) return s;
    }
    return undefined;
  }

  /**
   * Which socket of this session the packet is about; `wait` when only a
   * listener (the call is not accepted yet) or nothing matched, and events
   * that would tell may still be coming. With `final`, the best answer.
   */
  attribute(p: IpPacket, final: boolean): Attribution | 'wait' | undefined {
    const t = p.transport;
    if (t.proto === 'icmp') return this.attributeIcmp(t, final);
    if (t.proto !== 'tcp' && t.proto !== 'udp') return undefined;
    const src = hostPort(p.src, t.srcPort);
    const dst = hostPort(p.dst, t.dstPort);
    let out = this.exact.get(tupleKey(t.proto, src, dst));
    const inn = this.exact.get(tupleKey(t.proto, dst, src));
    if (t.proto === 'udp') {
      const sender = out ?? this.boundTo('udp', src);
      const receiver = inn ?? this.boundTo('udp', dst);
      if (sender) return { socket: sender, dir: 'out', ...(receiver ? { peer: receiver } : {}) };
      if (receiver) return { socket: receiver, dir: 'in' };
      return final ? undefined : 'wait';
    }
    if (!out && t.flags.includes('SYN') && !t.flags.includes('ACK')) {
      // A SYN from a port nobody reported: the dialler whose connect() has not answered yet (or was refused),
      // even when the other end is already known (its `accepted` can be reported before the dialler's `connected`).
      const d = this.dialing.find((x) => x.remote === dst && (x.local === undefined || x.local === src));
      if (d) {
        d.local = src;
        this.note('tcp', t.srcPort);
        this.exact.set(tupleKey('tcp', src, dst), d.socket);
        out = d.socket;
      }
    }
    const listenerOut = out ? undefined : this.boundTo('tcp', src);
    const listenerIn = inn ? undefined : this.boundTo('tcp', dst);
    // Only a listener knows this call: its accepted socket's `accepted` event is about to come.
    if (!final && ((!out && listenerOut) || (!inn && listenerIn) || (!out && !inn))) return 'wait';
    const sender = out ?? listenerOut;
    const receiver = inn ?? listenerIn;
    if (sender) return { socket: sender, dir: 'out', ...(receiver ? { peer: receiver } : {}) };
    if (receiver) return { socket: receiver, dir: 'in' };
    return undefined;
  }

  private attributeIcmp(t: IcmpHeader, final: boolean): Attribution | 'wait' | undefined {
    const q = t.quoted;
    if (!q || (q.proto !== 'tcp' && q.proto !== 'udp') || q.srcPort === undefined || q.dstPort === undefined)
      return undefined;
    const src = hostPort(q.src, q.srcPort);
    const dst = hostPort(q.dst, q.dstPort);
    // The quoted packet was sent by one of ours: the ICMP comes back to it.
    const sender = this.exact.get(tupleKey(q.proto, src, dst)) ?? this.boundTo(q.proto, src);
    if (sender) return { socket: sender, dir: 'in' };
    return final ? undefined : 'wait';
  }

  /** Keeps the packet within the budget and emits its event; past the budget it is only counted. */
  take(record: PcapRecord, p: IpPacket, who: Attribution, at: number): void {
    const t = p.transport;
    // TCP state is followed even for packets not kept, so later seq/ack stay right.
    const conversation =
      t.proto === 'tcp'
        ? (() => {
            const a = hostPort(p.src, t.srcPort);
            const b = hostPort(p.dst, t.dstPort);
            const key = a < b ? `${a} ${b}` : `${b} ${a}`;
            let c = this.conversations.get(key);
            if (!c) this.conversations.set(key, (c = new TcpConversation()));
            return { c, fromA: a < b };
          })()
        : undefined;
    const analysis = conversation && t.proto === 'tcp' ? conversation.c.analyze(conversation.fromA, t) : undefined;
    const cost = record.data.length + 16;
    if (this.keptBytes + cost > this.maxBytes) {
      this.notKept++;
      return;
    }
    this.kept.push(record);
    this.keptBytes += cost;
    const frame = this.kept.length;
    const base = { socket: who.socket, dir: who.dir, ...(who.peer ? { peer: who.peer } : {}), frame };
    const ep = (address: string, port: number): Endpoint => ({ address, port, family: p.family });
    if (t.proto === 'tcp' && analysis) {
      const { seq, ack, ...rest } = analysis;
      this.session.emit({ kind: 'segment', ...base, flags: t.flags, tcpSeq: seq, tcpAck: ack, ...rest }, at);
    } else if (t.proto === 'udp') {
      this.session.emit(
        { kind: 'datagram', ...base, src: ep(p.src, t.srcPort), dst: ep(p.dst, t.dstPort), len: t.payloadLength },
        at,
      );
    } else if (t.proto === 'icmp' && t.quoted && (t.quoted.proto === 'tcp' || t.quoted.proto === 'udp')) {
      const q = t.quoted;
      const qproto = t.quoted.proto;
      const qep = (address: string, port: number | undefined): Endpoint => ({
        address,
        port: port ?? 0,
        family: q.family,
      });
      this.session.emit(
        {
          kind: 'icmp',
          ...base,
          family: t.version,
          type: t.type,
          code: t.code,
          name: icmpName(t),
          about: { proto: qproto, src: qep(q.src, q.srcPort), dst: qep(q.dst, q.dstPort) },
        },
        at,
      );
    }
  }

  /** `capture` event: on/off, and what was kept. */
  status(state: 'on' | 'off', reason?: string): void {
    this.reportedNotKept = this.notKept;
    this.session.emit({
      kind: 'capture',
      state,
      ...(reason ? { reason } : {}),
      kept: this.kept.length,
      keptBytes: this.keptBytes,
      notKept: this.notKept,
    });
  }

  /** Reports a grown not-kept count (called at most about once a second). */
  reportNotKept(): void {
    if (this.notKept !== this.reportedNotKept) this.status('on');
  }

  get packets(): readonly PcapRecord[] {
    return this.kept;
  }
}

/** The name of an ICMP error, as in RFC 792 / RFC 4443. */
export function icmpName(t: IcmpHeader): string {
  if (t.version === 4) {
    if (t.type === 3)
      return (
        ({ 0: 'net-unreachable', 1: 'host-unreachable', 2: 'protocol-unreachable', 3: 'port-unreachable' } as const)[
          t.code as 0 | 1 | 2 | 3
        ] ?? (t.code === 9 || t.code === 10 || t.code === 13 ? 'admin-prohibited' : 'other')
      );
    if (t.type === 11) return 'time-exceeded';
    return 'other';
  }
  if (t.type === 1)
    return (
      ({ 0: 'net-unreachable', 1: 'admin-prohibited', 3: 'host-unreachable', 4: 'port-unreachable' } as const)[
        t.code as 0 | 1 | 3 | 4
      ] ?? 'other'
    );
  if (t.type === 2) return 'packet-too-big';
  if (t.type === 3) return 'time-exceeded';
  return 'other';
}
