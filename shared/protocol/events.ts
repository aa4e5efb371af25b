/**
 * The events (server → client): one schema per kind, each numbered (`seq`) and
 * timestamped (`t`) by the session, the `Event` union of them all (the compare
 * run's from shared/compare/wire.ts, the wire's from shared/wire/events.ts and
 * the class's from shared/class.ts included), its types, and `EVENT_KINDS`,
 * checked at compile time against the plain list in shared/protocolValues.ts.
 */
import * as z from 'zod/mini';
import { Endpoint, Family, Port, SocketId } from '../primitives';
import { CompareEndedEvent, CompareStartedEvent, LinkEvent, RetransmitEvent } from '../compare/wire';
import { CaptureEvent, DatagramEvent, IcmpEvent, SegmentEvent } from '../wire/events';
import { ClassEvents } from '../class';
import { EVENT_KINDS as KINDS } from '../protocolValues';
import { Data, Proto } from './blocks';

const ev = <K extends string, S extends z.core.$ZodShape>(kind: K, shape: S) =>
  z.object({ seq: z.int().check(z.minimum(1)), t: z.number().check(z.minimum(0)), kind: z.literal(kind), ...shape });
const sockEv = <K extends string, S extends z.core.$ZodShape>(kind: K, shape: S) =>
  ev(kind, { socket: SocketId, ...shape });

export const LookupEvent = ev('lookup', {
  host: z.string(),
  addresses: z.array(z.object({ address: z.string(), family: Family })),
  /** The socket whose connect() (or sendto()) was given this name: the lookup is that call's first step. Absent for op `lookup`. */
  socket: z.optional(SocketId),
  /** Where the answer came from: the resolver (absent) or the class directory (`class`, op directory-lookup). */
  source: z.optional(z.enum(['dns', 'class'])),
  /** A class directory answer carries the port too (a published name is a number and an extension). */
  port: z.optional(Port),
});
export const ServiceEvent = ev('service', {
  name: z.string(),
  proto: Proto,
  port: Port,
  source: z.enum(['etc-services', 'builtin']),
});
export const CreatedEvent = sockEv('created', {
  proto: Proto,
  family: Family,
  label: z.optional(z.string()),
  /** The listener that accepted this socket. */
  parent: z.optional(SocketId),
});
export const BoundEvent = sockEv('bound', { local: Endpoint });
export const ListeningEvent = sockEv('listening', { local: Endpoint, backlog: z.int() });
export const ConnectingEvent = sockEv('connecting', {
  remote: Endpoint,
  /** TCP: the local address the kernel chose at connect() (absent when it could not be read yet). */
  local: z.optional(Endpoint),
});
export const ConnectedEvent = sockEv('connected', { local: Endpoint, remote: Endpoint });
export const AcceptedEvent = sockEv('accepted', { child: SocketId, local: Endpoint, remote: Endpoint });
export const SentEvent = sockEv('sent', {
  bytes: z.int().check(z.minimum(0)),
  /** TCP stream offset of the first byte (0 for UDP datagrams). */
  offset: z.int().check(z.minimum(0)),
  data: Data,
  to: z.optional(Endpoint),
});
export const ReceivedEvent = sockEv('received', {
  bytes: z.int().check(z.minimum(0)),
  offset: z.int().check(z.minimum(0)),
  data: Data,
  from: z.optional(Endpoint),
});
export const PausedEvent = sockEv('paused', {});
export const ResumedEvent = sockEv('resumed', {});
export const EndedEvent = sockEv('ended', {});
export const PeerEndedEvent = sockEv('peer-ended', {});
export const ResetEvent = sockEv('reset', {});
/**
 * Why a socket closed: the user's `close`/`reset` (`user`), Node closing a TCP
 * socket whose two directions had both finished (`node`: in C the program
 * would still call close()), the peer's RST (`peer-reset`), another error
 * (`error`).
 */
export const CloseCause = z.enum(['user', 'node', 'peer-reset', 'error']);
export type CloseCause = z.infer<typeof CloseCause>;
export const ClosedEvent = sockEv('closed', {
  hadError: z.boolean(),
  cause: z.optional(CloseCause),
  /** TCP: this close() sent a FIN (the goodbye had not been said yet). */
  fin: z.optional(z.boolean()),
  /** TCP: this close() made the kernel send RST (unread bytes in the receive queue, RFC 2525 §2.17). */
  rst: z.optional(z.boolean()),
});
export const ErrorEvent = ev('error', {
  socket: z.optional(SocketId),
  code: z.string(),
  syscall: z.string(),
  message: z.string(),
  /** A failed bind (or the bind inside listen): the address and port it asked for, so the code view can write that call. */
  requested: z.optional(Endpoint),
});
/**
 * The kernel's `tcp_info` for a connected TCP socket, as `ss -ti` prints it
 * (inet_diag, no privilege needed for the server's own sockets). Counters are
 * totals since the connection began.
 */
export const TcpInfo = z.object({
  /** Smoothed round-trip time and its variation, ms (absent before the first RTT sample). */
  rttMs: z.optional(z.number().check(z.minimum(0))),
  rttVarMs: z.optional(z.number().check(z.minimum(0))),
  /** Congestion window, in segments. */
  cwnd: z.int().check(z.minimum(0)),
  /** Segments sent again, in total (ss `retrans:<now>/<total>`). */
  retransmits: z.int().check(z.minimum(0)),
  /** Sequence numbers of this side the peer acknowledged (RFC 4898 ThruOctetsAcked): the bytes, plus one for the SYN (and the FIN once acknowledged). */
  bytesAcked: z.number().check(z.minimum(0)),
  /** Sequence numbers received in order from the peer (RFC 4898 ThruOctetsReceived): the bytes, plus one for its FIN; its SYN is not counted. */
  bytesReceived: z.number().check(z.minimum(0)),
  segsIn: z.int().check(z.minimum(0)),
  segsOut: z.int().check(z.minimum(0)),
  /** Bytes the program wrote that the kernel has not sent yet (Nagle, congestion window, the peer's zero window). */
  unsent: z.int().check(z.minimum(0)),
  /** Bytes sent and not yet acknowledged: really in flight. `unsent + unacked` is what `txQueue` mixes. */
  unacked: z.int().check(z.minimum(0)),
});
export type TcpInfo = z.infer<typeof TcpInfo>;

export const KernelEvent = sockEv('kernel', {
  /** The kernel's TCP state name (ESTABLISHED, TIME_WAIT, …) or UNCONN for UDP. */
  state: z.string(),
  txQueue: z.int().check(z.minimum(0)),
  rxQueue: z.int().check(z.minimum(0)),
  /** Time left on the kernel's timer for this socket, in ms (TIME_WAIT: until the 4-tuple is free). */
  timerMs: z.optional(z.int().check(z.minimum(0))),
  /** The socket was already closed by the program: the kernel still holds its 4-tuple (FIN_WAIT2, TIME_WAIT…). */
  afterClose: z.optional(z.boolean()),
  /** A connected TCP socket: the kernel's tcp_info at the same sample (absent for UDP, listeners, TIME_WAIT, or without `ss`). */
  tcpInfo: z.optional(TcpInfo),
});

export const Event = z.discriminatedUnion('kind', [
  LookupEvent,
  ServiceEvent,
  CreatedEvent,
  BoundEvent,
  ListeningEvent,
  ConnectingEvent,
  ConnectedEvent,
  AcceptedEvent,
  SentEvent,
  ReceivedEvent,
  PausedEvent,
  ResumedEvent,
  EndedEvent,
  PeerEndedEvent,
  ResetEvent,
  ClosedEvent,
  ErrorEvent,
  KernelEvent,
  // A compare run: its start, each decision of its relays, its end (shared/compare/wire.ts).
  CompareStartedEvent,
  LinkEvent,
  RetransmitEvent,
  CompareEndedEvent,
  // The wire: packets captured on loopback for this session's sockets (shared/wire/events.ts).
  SegmentEvent,
  DatagramEvent,
  IcmpEvent,
  CaptureEvent,
  // The class: roster, directory, class state, the class member at the other end (shared/class.ts).
  ...ClassEvents,
]);
export type Event = z.infer<typeof Event>;
export type EventKind = Event['kind'];
export type EventOf<K extends EventKind> = Extract<Event, { kind: K }>;
/** An event before the session numbers and timestamps it. */
export type EventInput<K extends EventKind = EventKind> = K extends EventKind ? Omit<EventOf<K>, 'seq' | 't'> : never;

// The page's first screen lists the kinds without loading the schemas (shared/protocolValues.ts): the two must agree.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const kindsAgree: Same<(typeof KINDS)[number], EventKind> = true;
void kindsAgree;
export const EVENT_KINDS: readonly EventKind[] = KINDS;
