/**
 * The wire additions to protocol v1: four event kinds and the `capture`
 * capability of `welcome`. shared/protocol/events.ts appends them to its
 * unions, shared/protocol/frames.ts puts the capability in `welcome`;
 * docs/protocol.md ("The wire") and docs/wire.md describe them.
 */
import * as z from 'zod/mini';
// The protocol's building blocks, from shared/primitives.ts (which imports nothing of the protocol, so no cycle):
// a segment's ports are checked 0–65535 like every other endpoint's.
import { Endpoint, Family, SocketId } from '../primitives';

const count = () => z.int().check(z.minimum(0));
const ev = <K extends string, S extends z.core.$ZodShape>(kind: K, shape: S) =>
  z.object({ seq: z.int().check(z.minimum(1)), t: z.number().check(z.minimum(0)), kind: z.literal(kind), ...shape });

export const WireDir = z.enum(['out', 'in']);
export type WireDir = z.infer<typeof WireDir>;

/** Who a packet belongs to in this session: the sending socket (`out`) or, when it is not ours, the receiving one (`in`). */
const onWire = {
  socket: SocketId,
  dir: WireDir,
  /** The socket at the other end, when it is in this session too (one event per packet). */
  peer: z.optional(SocketId),
  /** This packet's number in the session's capture: frame n of the exported .pcap. */
  frame: z.int().check(z.minimum(1)),
};

export const TcpFlagName = z.enum(['SYN', 'FIN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR']);

export const SegmentEvent = ev('segment', {
  ...onWire,
  flags: z.array(TcpFlagName),
  /**
   * Relative to the sender's initial sequence number (its SYN is 0). Named
   * tcpSeq because every event's `seq` is already its number in the session.
   */
  tcpSeq: count(),
  /** Relative to the receiver's initial sequence number; 0 without ACK. */
  tcpAck: count(),
  /** Payload bytes. */
  len: count(),
  /** The receive window the sender advertises, in bytes (scaled). */
  win: count(),
  /** The handshake was not captured: the scale is unknown and `win` is the raw field. */
  winUnscaled: z.optional(z.boolean()),
  /** The handshake's options (SYN and SYN-ACK). */
  options: z.optional(
    z.object({
      mss: z.optional(count()),
      wscale: z.optional(count()),
      sackPermitted: z.optional(z.boolean()),
      timestamps: z.optional(z.object({ val: count(), ecr: count() })),
    }),
  ),
  retransmission: z.optional(z.boolean()),
  zeroWindow: z.optional(z.boolean()),
  probe: z.optional(z.boolean()),
  keepAlive: z.optional(z.boolean()),
  windowUpdate: z.optional(z.boolean()),
  dupAck: z.optional(z.boolean()),
});

export const DatagramEvent = ev('datagram', {
  ...onWire,
  src: Endpoint,
  dst: Endpoint,
  /** Payload bytes. */
  len: count(),
});

export const IcmpEvent = ev('icmp', {
  ...onWire,
  family: Family,
  type: count(),
  code: count(),
  /** `port-unreachable`, `host-unreachable`, `time-exceeded`, … or `other`. */
  name: z.string(),
  /** The packet this ICMP message answers (quoted in it). */
  about: z.object({ proto: z.enum(['tcp', 'udp']), src: Endpoint, dst: Endpoint }),
});

/** The session's capture: on or off (and why), and what it could not keep. */
export const CaptureEvent = ev('capture', {
  state: z.enum(['on', 'off']),
  reason: z.optional(z.string()),
  /** Packets kept for this session (shown and exportable). */
  kept: count(),
  keptBytes: count(),
  /** Packets of this session's sockets not kept: past the byte budget (maxCaptureBytesPerSession). */
  notKept: count(),
});

/** `welcome.server.capabilities.capture`. */
export const CaptureCapability = z.object({
  available: z.boolean(),
  /** Why not, in a sentence. */
  reason: z.optional(z.string()),
  /** The one command that enables it. */
  enable: z.optional(z.string()),
  tool: z.optional(z.string()),
  snaplen: z.optional(count()),
  maxBytesPerSession: z.optional(count()),
});
export type CaptureCapability = z.infer<typeof CaptureCapability>;
