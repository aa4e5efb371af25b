/**
 * The calls between members of a class, from their real sockets: a TCP call is
 * a member's `connected` to a published listener paired, by 4-tuple, with the
 * `accepted` of that listener's owner; a UDP call is a member's `sent … to` a
 * published UDP socket. Both ends are told who the other is (`class-peer`),
 * and the teacher's roster lists every call with the caller's byte counts.
 */
import type { ClassCall } from '../../shared/class';
import type { Endpoint, Event, EventInput } from '../../shared/protocol';
import type { Member, Published } from './Classroom';

export const endpointKey = (e: { address: string; port: number }): string => `${e.address} ${e.port}`;
const tupleKey = (from: { address: string; port: number }, to: { address: string; port: number }) =>
  `${endpointKey(from)}>${endpointKey(to)}`;

interface Call extends ClassCall {
  caller: Member;
  socket: string;
}

interface HalfCall {
  member: Member;
  socket: string;
  /** The caller's view: the published entry called. The callee's: the listener's entry. */
  entry: Published;
  local: Endpoint;
  remote: Endpoint;
}

export class ClassCalls {
  /** By "callerId/socket" (TCP) or "callerId/socket/service" (UDP). */
  private readonly calls = new Map<string, Call>();
  private readonly connects = new Map<string, HalfCall>();
  private readonly accepts = new Map<string, HalfCall>();
  /** class-peer already said for "memberId/socket/remote". */
  private readonly told = new Set<string>();

  constructor(
    private readonly emit: (to: Member, e: EventInput) => void,
    private readonly changed: () => void,
  ) {}

  observe(
    m: Member,
    e: Event,
    publishedAt: (key: string, proto: 'tcp' | 'udp') => Published | undefined,
    boundAt: (key: string) => Member | undefined,
  ): void {
    switch (e.kind) {
      case 'connected': {
        const entry = publishedAt(endpointKey(e.remote), 'tcp');
        if (!entry || !this.isTcp(m, e.socket)) return;
        const half = { member: m, socket: e.socket, entry, local: e.local, remote: e.remote };
        const key = tupleKey(e.local, e.remote);
        const other = this.accepts.get(key);
        if (other) this.pair(half, other, key);
        else this.connects.set(key, half);
        return;
      }
      case 'accepted': {
        const entry = [...m.published.values()].find((p) => p.socket === e.socket && p.proto === 'tcp');
        if (!entry) return;
        const half = { member: m, socket: e.child, entry, local: e.local, remote: e.remote };
        const key = tupleKey(e.remote, e.local);
        const other = this.connects.get(key);
        if (other) this.pair(other, half, key);
        else this.accepts.set(key, half);
        return;
      }
      case 'sent': {
        const call = this.calls.get(`${m.id}/${e.socket}`);
        if (call) {
          call.sent += e.bytes;
          this.changed();
          return;
        }
        if (!e.to) return;
        const entry = publishedAt(endpointKey(e.to), 'udp');
        if (!entry || entry.owner === m) return;
        const key = `${m.id}/${e.socket}/${entry.service}@${entry.owner.id}`;
        const udp = this.calls.get(key) ?? this.open(key, m, e.socket, entry, 'udp');
        udp.sent += e.bytes;
        this.tell(m, e.socket, entry.owner, `${entry.owner.name}:${entry.service}`, e.to);
        return;
      }
      case 'received': {
        const call = this.calls.get(`${m.id}/${e.socket}`);
        if (call) {
          call.received += e.bytes;
          this.changed();
          return;
        }
        // A datagram on a published UDP socket from another member's bound socket: tell the callee who wrote.
        const entry = [...m.published.values()].find((p) => p.socket === e.socket && p.proto === 'udp');
        const from = e.from;
        const sender = from && boundAt(endpointKey(from));
        if (entry && from && sender && sender !== m) {
          this.tell(m, e.socket, sender, `${m.name}:${entry.service}`, from);
        }
        return;
      }
      case 'closed': {
        const call = this.calls.get(`${m.id}/${e.socket}`);
        if (call) {
          call.open = false;
          this.changed();
        }
        return;
      }
      default:
        return;
    }
  }

  list(): ClassCall[] {
    return [...this.calls.values()].map(({ from, to, proto, service, sent, received, open }) => ({
      from,
      to,
      proto,
      service,
      sent,
      received,
      open,
    }));
  }

  private isTcp(m: Member, socket: string): boolean {
    const s = m.session.registry.get(socket);
    return s !== undefined && s !== 'closed' && s.proto === 'tcp';
  }

  private pair(caller: HalfCall, callee: HalfCall, key: string): void {
    this.connects.delete(key);
    this.accepts.delete(key);
    const service = `${callee.member.name}:${callee.entry.service}`;
    this.open(`${caller.member.id}/${caller.socket}`, caller.member, caller.socket, callee.entry, 'tcp');
    this.tell(caller.member, caller.socket, callee.member, service, caller.remote);
    this.tell(callee.member, callee.socket, caller.member, service, callee.remote);
  }

  private open(key: string, caller: Member, socket: string, entry: Published, proto: 'tcp' | 'udp'): Call {
    const call: Call = {
      caller,
      socket,
      from: caller.id,
      to: entry.owner.id,
      proto,
      service: `${entry.owner.name}:${entry.service}`,
      sent: 0,
      received: 0,
      open: true,
    };
    this.calls.set(key, call);
    this.changed();
    return call;
  }

  private tell(to: Member, socket: string, peer: Member, service: string, remote: Endpoint): void {
    const key = `${to.id}/${socket}/${endpointKey(remote)}`;
    if (this.told.has(key)) return;
    this.told.add(key);
    this.emit(to, { kind: 'class-peer', socket, peer: peer.name ?? peer.id, service, remote });
  }
}
