import type { CloseCause, Data, Endpoint, Family, Proto, SocketId, TcpInfo } from '../protocol';

/**
 * The phase of a socket, as drawn on the stage and exposed in the page contract
 * (`data-phase`). Exactly this set: tests and teachers' own scripts rely on it.
 */
export type Phase =
  | 'created' // on the hook: socket()
  | 'bound' // has a number: bind()
  | 'listening' // waiting by the phone: listen()
  | 'connecting' // dialling: connect() in progress (SYN sent)
  | 'connected' // "Allô ?": both sides can talk (UDP: a default peer is set)
  | 'half-closed' // this side said "bye" (FIN sent, shutdown(SHUT_WR)) but still listens
  | 'peer-half-closed' // the other side said "bye": recv() returns 0, this side may still talk
  | 'closed' // hung up: close()
  | 'reset' // slammed down: this side sent RST
  | 'error'; // the kernel refused or broke something: see `lastError`

/** Every phase, in the order a call usually goes through them. */
export const PHASES: readonly Phase[] = [
  'created',
  'bound',
  'listening',
  'connecting',
  'connected',
  'half-closed',
  'peer-half-closed',
  'closed',
  'reset',
  'error',
];

/** What the kernel (or Allô) said went wrong, with the errno name unchanged. */
export interface SocketError {
  code: string;
  syscall: string;
  message: string;
  /** seq of the `error` event. */
  seq: number;
}

/** One socket of the session, as the events up to some seq describe it. */
export interface SocketState {
  id: SocketId;
  proto: Proto;
  family: Family;
  label?: string;
  /** The listener that accepted this socket (the switchboard that handed over the call). */
  parent?: SocketId;
  phase: Phase;
  /** Sockets this one accepted (listeners only), in order. */
  children: readonly SocketId[];
  local?: Endpoint;
  remote?: Endpoint;
  /** FIN sent (`ended`): this side no longer talks. */
  finSent: boolean;
  /** FIN received (`peer-ended`): recv() returned 0. */
  finReceived: boolean;
  /** Both sides said goodbye; the socket is about to close. */
  closing: boolean;
  /** false once `closed` arrived: the handset is back on the hook for good. */
  open: boolean;
  /** Reading is paused: the peer's bytes pile up in the kernel (flow control). */
  paused: boolean;
  bytesSent: number;
  bytesReceived: number;
  /** Number of `sent` / `received` events (send() calls that the kernel took, recv() chunks). */
  sends: number;
  receives: number;
  lastError: SocketError | null;
  /** The phase before the latest error, for sockets that carry on after one (UDP, a refused listen). */
  phaseBeforeError?: Phase;
  kernel?: KernelView;
  /**
   * Why it closed (`closed.cause`): the user's close()/reset, Node closing a
   * call whose two directions were finished, the peer's RST, an error.
   * Absent while open, and in recordings made before the field existed.
   */
  closeCause?: CloseCause;
  /** What its close() put on the wire: FIN (a goodbye not yet said) or RST (unread bytes, or reset). */
  closeSent?: 'FIN' | 'RST';
  /** The RST came from close() itself, because received bytes were still unread (not from a reset). */
  rstOnClose?: boolean;
  /** The far end is a member of the class (`class-peer`): their name and the published name of the call. */
  classPeer?: { name: string; service: string };
  /** A call of Allô's own compare machinery: its far end is one of Allô's relays, not a program outside. */
  viaRelay?: boolean;
  /** seq of the event that created it, and of the latest event about it. */
  createdSeq: number;
  lastSeq: number;
  /** seq of the event that put it in its current phase (to animate the change once). */
  phaseSeq: number;
}

/** What the kernel's table said about a socket at its latest sample. */
export interface KernelView {
  state: string;
  txQueue: number;
  rxQueue: number;
  /** Time left on the kernel's timer at the sample (TIME_WAIT: until the 4-tuple is free), ms. */
  timerMs?: number;
  /** The program had closed the socket; the kernel still held its 4-tuple (`CLOSED`: no longer). */
  afterClose?: boolean;
  /** `t` of the sample (the event's time: the server stamps a `kernel` event with its sample's time). */
  t: number;
  /** The kernel's tcp_info at the sample (`ss -ti`: RTT, cwnd, unsent vs unacked…), for a connected TCP socket. */
  tcpInfo?: TcpInfo;
}

/** Kernel states of a call the program has closed but the kernel still keeps. */
export const LINGERING_STATES: readonly string[] = ['FIN_WAIT1', 'FIN_WAIT2', 'CLOSING', 'LAST_ACK', 'TIME_WAIT'];

/** A TCP call between two sockets of this session: the dialler's local is the accepted socket's remote. */
export interface Connection {
  /** Stable id: `${caller}~${callee}`. */
  id: string;
  /** The socket that dialled (connect). */
  caller: SocketId;
  /** The socket a listener accepted. */
  callee: SocketId;
  /** seq at which both ends were known and the line could be drawn. */
  seq: number;
}

/** One chunk of a TCP stream, as one side's send() or the kernel's delivery to recv(). */
export interface Chunk {
  seq: number;
  t: number;
  socket: SocketId;
  direction: 'sent' | 'received';
  bytes: number;
  offset: number;
  data: Data;
}

/**
 * Where a UDP postcard went: `in-flight` towards a socket of this session,
 * `delivered` (a `received` matched it), or `nowhere`: no socket of this
 * session has that number, and unless a program outside answers, UDP loses it
 * without telling the sender.
 */
export type DatagramFate = 'in-flight' | 'delivered' | 'nowhere';

/** A UDP datagram: a postcard that flies alone, with no call. */
export interface Datagram {
  /** seq of the `sent` event, or of the `received` one when it came from outside. */
  seq: number;
  sentSeq: number | null;
  receivedSeq: number | null;
  /** Sending socket of this session, or null when it came from outside. */
  fromSocket: SocketId | null;
  /** Receiving socket of this session, or null. */
  toSocket: SocketId | null;
  from?: Endpoint;
  to?: Endpoint;
  bytes: number;
  data: Data;
  fate: DatagramFate;
}

export interface LookupResult {
  host: string;
  addresses: readonly { address: string; family: Family }[];
  seq: number;
  /** The socket whose connect()/sendto() was given the name (absent for a look-up of its own). */
  socket?: SocketId;
  /** The class's phone book answered (directory-lookup): a published name is a number and an extension. */
  source?: 'dns' | 'class';
  port?: number;
}

export interface ServiceResult {
  name: string;
  proto: Proto;
  port: number;
  source: 'etc-services' | 'builtin';
  seq: number;
}

/** How many recent chunks and datagrams the world keeps (views show the latest; the event list keeps all). */
export const RECENT_LIMIT = 64;

/** Everything the events up to `seq` say about the session. Immutable: each event gives a new World. */
export interface World {
  /** seq of the last event applied (0 for the empty world). */
  seq: number;
  /** Its time, in ms since the session started. */
  t: number;
  sockets: Readonly<Record<SocketId, SocketState>>;
  /** Socket ids in creation order. */
  order: readonly SocketId[];
  connections: readonly Connection[];
  /** The latest TCP chunks (at most RECENT_LIMIT); `chunkCount` counts them all. */
  chunks: readonly Chunk[];
  chunkCount: number;
  /** The latest UDP datagrams (at most RECENT_LIMIT); `datagramCount` counts them all. */
  datagrams: readonly Datagram[];
  datagramCount: number;
  lookups: Readonly<Record<string, LookupResult>>;
  /** Keyed `${name}/${proto}`. */
  services: Readonly<Record<string, ServiceResult>>;
  /** The latest error that named no socket (a failed lookup, for instance). */
  lastError: SocketError | null;
}
