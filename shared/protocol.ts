/**
 * Allô wire protocol, version 1 — the single source of truth.
 *
 * JSON text frames on the WebSocket at `/ws`. Every command from the client gets
 * exactly one `reply`; the server also pushes `welcome` (once, answering `hello`)
 * and `events` frames. docs/protocol.md is the reference for people; a test keeps
 * it and these schemas in agreement.
 */
import * as z from 'zod/mini';
import { CommandId, Endpoint, Family, Host, Port, SocketId } from './primitives';
import {
  CompareCommand,
  CompareEndedEvent,
  CompareResults,
  CompareStartedEvent,
  CompareStopCommand,
  LinkEvent,
  RetransmitEvent,
} from './compare/wire';
import { isVisibleText } from './safeValues';
import { CaptureCapability, CaptureEvent, DatagramEvent, IcmpEvent, SegmentEvent } from './wire/events';
import { ClassCommands, ClassErrorCodes, ClassEvents, ClassResults, ClassWelcome, SpotlightFrameBase } from './class';

import { DISCONNECTED, EVENT_KINDS as KINDS, PROTOCOL_VERSION } from './protocolValues';

export { assertNever, DISCONNECTED, PROTOCOL_VERSION } from './protocolValues';

export { CommandId, Endpoint, Family, Host, Port, SocketId } from './primitives';

// ─── building blocks ────────────────────────────────────────────────────────

export const Proto = z.enum(['tcp', 'udp']);
export type Proto = z.infer<typeof Proto>;

/** Bytes as carried in events: base64 always, text when valid UTF-8, cut at the preview limit. */
export const Data = z.object({
  text: z.optional(z.string()),
  base64: z.string(),
  truncated: z.optional(z.boolean()),
});
export type Data = z.infer<typeof Data>;

/** Bytes as given in a command: exactly one of text or base64. */
export const Payload = z.union([
  z.strictObject({ text: z.string() }),
  z.strictObject({ base64: z.string().check(z.regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64')) }),
]);
export type Payload = z.infer<typeof Payload>;

export const Target = z.object({ host: Host, port: Port });
export type Target = z.infer<typeof Target>;

// ─── commands (client → server) ─────────────────────────────────────────────

const cmd = <Op extends string, S extends z.core.$ZodShape>(op: Op, shape: S) =>
  z.strictObject({ id: CommandId, op: z.literal(op), ...shape });
const onSocket = <Op extends string>(op: Op) => cmd(op, { socket: SocketId });

export const HelloCommand = cmd('hello', {
  protocol: z.literal(PROTOCOL_VERSION),
  token: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  lastSeq: z.optional(z.int().check(z.minimum(0))),
  /** Class mode: the teacher's secret (from the teacher link); a wrong one is NOT_TEACHER. */
  teacher: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
});
export const LookupCommand = cmd('lookup', { host: Host });
export const ServiceCommand = cmd('service', { name: z.string().check(z.minLength(1), z.maxLength(64)), proto: Proto });
export const SocketCommand = cmd('socket', {
  proto: Proto,
  family: Family,
  /** One line of visible text (no control, bidi or zero-width character): it is shown and becomes a variable name. */
  label: z.optional(
    z.string().check(
      z.maxLength(40),
      z.refine((s) => isVisibleText(s), 'a label is one line of visible text (no control or bidi characters)'),
    ),
  ),
});
export const BindCommand = cmd('bind', { socket: SocketId, address: z.optional(Host), port: Port });
export const ListenCommand = cmd('listen', {
  socket: SocketId,
  port: z.optional(Port),
  address: z.optional(Host),
  backlog: z.optional(z.int().check(z.minimum(1), z.maximum(511))),
});
export const ConnectCommand = cmd('connect', {
  socket: SocketId,
  host: Host,
  port: z.int().check(z.minimum(1), z.maximum(65535)),
});
export const SendCommand = cmd('send', { socket: SocketId, data: Payload, to: z.optional(Target) });
export const EndCommand = onSocket('end');
export const CloseCommand = onSocket('close');
export const ResetCommand = onSocket('reset');
export const PauseCommand = onSocket('pause');
export const ResumeCommand = onSocket('resume');

export const Command = z.discriminatedUnion('op', [
  HelloCommand,
  LookupCommand,
  ServiceCommand,
  SocketCommand,
  BindCommand,
  ListenCommand,
  ConnectCommand,
  SendCommand,
  EndCommand,
  CloseCommand,
  ResetCommand,
  PauseCommand,
  ResumeCommand,
  // TCP and UDP side by side over a degradable link (shared/compare/wire.ts).
  CompareCommand,
  CompareStopCommand,
  // The class: join, teacher's commands, the directory (shared/class.ts).
  ...ClassCommands,
]);
export type Command = z.infer<typeof Command>;
export type Op = Command['op'];
export type CommandOf<O extends Op> = Extract<Command, { op: O }>;
/** A command as a caller writes it, before an id is attached. */
export type CommandInput<O extends Op = Op> = O extends Op ? Omit<CommandOf<O>, 'id'> : never;

// ─── results of successful commands ─────────────────────────────────────────

export const Results = {
  hello: z.object({}),
  lookup: z.object({ host: z.string(), addresses: z.array(z.object({ address: z.string(), family: Family })) }),
  service: z.object({ name: z.string(), proto: Proto, port: Port, source: z.enum(['etc-services', 'builtin']) }),
  socket: z.object({ socket: SocketId }),
  bind: z.object({ local: Endpoint }),
  listen: z.object({ local: Endpoint }),
  connect: z.object({ local: z.optional(Endpoint), remote: Endpoint }),
  send: z.object({ bytes: z.int().check(z.minimum(0)) }),
  end: z.object({}),
  close: z.object({}),
  reset: z.object({}),
  pause: z.object({}),
  resume: z.object({}),
  ...CompareResults,
  ...ClassResults,
} satisfies Record<Op, z.ZodMiniType>;
export type ResultOf<O extends Op> = z.infer<(typeof Results)[O]>;

// ─── errors ─────────────────────────────────────────────────────────────────

/**
 * Stable error codes of Allô itself. Kernel errors pass their errno name through
 * unchanged (`ECONNREFUSED`, `EADDRINUSE`, …): `ErrorBody.code` is one of these
 * or an `E…` name (KernelErrorCode).
 */
export const ErrorCodes = [
  'INVALID', // the frame is not JSON or does not match a command's schema
  'NO_SESSION', // a command other than hello before hello
  'PROTOCOL', // hello with an unsupported protocol version
  'NOT_FOUND', // no such socket in this session (foreign ids look exactly the same)
  'BAD_STATE', // the socket cannot do that now (listen on UDP, send before connect…)
  'POLICY_DENIED', // the target, address or port is not allowed by the server's policy
  'LIMIT', // a named limit was reached; `limit` names it
  'LOOKUP_FAILED', // the name does not resolve
  'INTERNAL', // a bug in Allô: reported, the session carries on
  'UNKNOWN_SESSION', // hello with a token no live session has (it ended, or the server restarted)
  ...ClassErrorCodes,
] as const;
export type ErrorCode = (typeof ErrorCodes)[number];
/** The kernel's errno names, passed through as they come (`ECONNREFUSED`, `EADDRINUSE`, `ETIMEDOUT`…). */
export const KernelErrorCode = z.templateLiteral(['E', z.string()]);
export type KernelErrorCode = z.infer<typeof KernelErrorCode>;

export const ErrorBody = z.object({
  code: z.union([z.enum(ErrorCodes), KernelErrorCode]),
  message: z.string(),
  limit: z.optional(z.string()),
  syscall: z.optional(z.string()),
  /** Which situation of a code covering several (see ErrorReasons); a page translates code + reason. */
  reason: z.optional(z.string()),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/**
 * Stable sub-codes (`error.reason`) for the codes that cover several situations,
 * so a page can say the specific reason in its own language while `message`
 * stays the server's English sentence for scripts. A reply may carry a reason
 * not listed here (a newer server): treat it as absent.
 */
export const ErrorReasons = {
  POLICY_DENIED: [
    'not-loopback', // the address is not on this machine (and not opted in with --allow)
    'own-port', // the port is the Allô server's own
    'broadcast', // a broadcast address (a call to everyone)
    'multicast', // a multicast address (a group call)
    'any-address', // 0.0.0.0 / :: : "any address", not a number to dial, or every interface for a bind
    'privileged-port', // a bind below 1024
    'bad-port', // a port number out of range
    'bind-name', // bind to a name instead of an IP literal
    'not-ip', // a name resolved to something that is not an IP address
    'family-mismatch', // bind to an address of the other family than the socket's
  ],
  LOOKUP_FAILED: [
    'not-found', // the name does not resolve
    'no-address', // the name resolves to no address at all
    'family-mismatch', // no address of the socket's family
    'no-service', // `service`: no such service name for that protocol
  ],
  BAD_STATE: [
    'closed', // the socket is closed (or closing): pick up a new one
    'already-bound', // it already has a number
    'bound-elsewhere', // listen() with another address/port than the bound one
    'already-listening', // listen() twice
    'in-call', // listen() on a socket in a call
    'listening', // a listening socket cannot dial or talk: its accepted calls do
    'already-connected', // already in a call / dialling, or a UDP socket with a default peer
    'changed-during-lookup', // the socket changed while its connect()'s name was looked up
    'not-connected', // send/end before the call is connected
    'said-bye', // this side already said goodbye (end, FIN)
    'already-paused', // pause twice
    'not-paused', // resume without pause
    'tcp-call-only', // end/reset/pause/resume: only on a connected TCP socket
    'not-now', // the socket cannot do that in its current state
    'no-peer', // UDP send without a default peer nor `to`
    'connected-sendto', // UDP sendto with `to` on a connected socket
    'udp-listen', // listen on UDP
    'compare-running', // a compare run is already going on
    'compare-stopped', // the run was stopped while being set up
    'compare-nested', // a compare run cannot start another one
    'session-ended', // the session ended
    'already-hello', // a second hello on the same connection
    'already-joined', // class-join from a student already in the class
    'not-publishable', // publish a socket that neither listens (TCP) nor is bound (UDP)
  ],
  NOT_FOUND: [
    'no-entry', // the class's phone book has no such name (directory-lookup, unpublish)
    'no-student', // no such student in the class (teacher commands)
  ],
  NAME_TAKEN: [
    'service-taken', // publish: that name is already in the phone book
  ],
} as const satisfies Partial<Record<ErrorCode, readonly string[]>>;
export type PolicyDeniedReason = (typeof ErrorReasons.POLICY_DENIED)[number];
export type LookupFailedReason = (typeof ErrorReasons.LOOKUP_FAILED)[number];
export type BadStateReason = (typeof ErrorReasons.BAD_STATE)[number];

// ─── events (server → client) ───────────────────────────────────────────────

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
export const OPS = Command.def.options.map((o) => o.shape.op.def.values[0]) as Op[];

// ─── server frames ──────────────────────────────────────────────────────────

export const Policy = z.object({
  /** Extra targets opted into with --allow / ALLO_ALLOW, as CIDR or host names. */
  allow: z.array(z.string()),
  loopbackOnly: z.boolean(),
  minPort: z.int(),
  /** Ports of this machine below minPort that sessions may call anyway (--allow-port); absent from older servers. */
  allowPorts: z.optional(z.array(z.int())),
  limits: z.record(z.string(), z.number()),
});
export type Policy = z.infer<typeof Policy>;

export const WelcomeFrame = z.object({
  type: z.literal('welcome'),
  protocol: z.literal(PROTOCOL_VERSION),
  session: z.string(),
  token: z.string(),
  /** The last seq the session has produced; on resume, events after the client's lastSeq follow. */
  lastSeq: z.int().check(z.minimum(0)),
  resumed: z.boolean(),
  server: z.object({
    version: z.string(),
    platform: z.string(),
    // Flags, and capabilities that need words (`capture`: available or not, why, how to enable it).
    capabilities: z.catchall(
      z.object({ ipv6: z.boolean(), kernel: z.boolean(), capture: z.optional(CaptureCapability) }),
      z.union([z.boolean(), CaptureCapability]),
    ),
    policy: Policy,
  }),
  /** Present only when the server runs a class (`--class`, shared/class.ts). */
  class: z.optional(ClassWelcome),
});
export type WelcomeFrame = z.infer<typeof WelcomeFrame>;

export const ReplyFrame = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('reply'), id: CommandId, ok: z.literal(true), result: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal('reply'), id: z.nullable(CommandId), ok: z.literal(false), error: ErrorBody }),
]);
export type ReplyFrame = z.infer<typeof ReplyFrame>;

/**
 * What a command gets back, without the frame's envelope: its result, or its error. The one reply type of
 * the page (`Connection.request`), the server (what an operation returns) and the lesson driver; `E` is
 * the error it can carry (a server's ErrorBody, or the page's ReplyError).
 */
export type Reply<O extends Op = Op, E = ErrorBody> = { ok: true; result: ResultOf<O> } | { ok: false; error: E };

/**
 * The page's own code, never a server's (not in ErrorCodes): the page answers a pending command with it
 * when the connection closes before the reply. A page's replies carry ReplyError: `Reply<O, ReplyError>`.
 */
export type ReplyError = ErrorBody | (Omit<ErrorBody, 'code'> & { code: typeof DISCONNECTED });

export const EventsFrame = z.object({
  type: z.literal('events'),
  events: z.array(Event),
  /** Events this session had to drop so far (oldest first, past maxEventsPerSession); normally absent. */
  shed: z.optional(z.int().check(z.minimum(0))),
});
export type EventsFrame = z.infer<typeof EventsFrame>;

/** Class mode, teacher only: a read-only copy of the spotlighted student's events (shared/class.ts). */
export const SpotlightFrame = z.object({ ...SpotlightFrameBase.shape, events: z.array(Event) });
export type SpotlightFrame = z.infer<typeof SpotlightFrame>;

export const ServerFrame = z.discriminatedUnion('type', [WelcomeFrame, ReplyFrame, EventsFrame, SpotlightFrame]);
export type ServerFrame = z.infer<typeof ServerFrame>;

// ─── close codes ────────────────────────────────────────────────────────────
export { CloseCodes, type CloseCode } from './closeCodes';
