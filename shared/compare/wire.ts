/**
 * The compare additions to wire protocol v1: two commands, their results and
 * three event kinds. shared/protocol/ appends them to its unions (commands.ts,
 * results.ts, events.ts); they are declared here, next to the logic that reads
 * them, and documented in docs/protocol.md ("Comparing TCP and UDP").
 */
import * as z from 'zod/mini';
import { CommandId, Endpoint, Family, SocketId } from '../primitives';
import { CompareScript, LinkParams } from './link';

const RunId = z.string().check(z.minLength(1), z.maxLength(32));
const Lane = z.enum(['tcp', 'udp']);
export type Lane = z.infer<typeof Lane>;

/** The sockets of one run, as the session numbered them. The TCP receiver is the call the listener accepts. */
const RunSockets = z.object({
  tcp: z.object({ listener: SocketId, sender: SocketId }),
  udp: z.object({ receiver: SocketId, sender: SocketId }),
});

const LinkFieldName = z.enum(['lossPct', 'delayMs', 'jitterMs', 'reorderPct', 'duplicatePct', 'bandwidthKbps']);

/**
 * Which link the lanes cross: `kernel` — both ends run in a private network namespace whose loopback the
 * kernel degrades (`loss` names the tool, e.g. nftables' random drop), so TCP really loses segments and
 * retransmits; `relay` — user-space relays only, which cannot make TCP lose anything. `kernel` and `relay`
 * list which link parameters each applies.
 */
export const LinkPath = z.object({
  mode: z.enum(['kernel', 'relay']),
  loss: z.optional(z.enum(['nftables', 'netem'])),
  kernel: z.array(LinkFieldName),
  relay: z.array(LinkFieldName),
});
export type LinkPath = z.infer<typeof LinkPath>;

// ─── commands ───────────────────────────────────────────────────────────────

/** Starts a run: both lanes play `script` at the same time, each through its own relay degraded by `link`. */
const Label = z.string().check(z.minLength(1), z.maxLength(40));
/** Socket labels for a compare run, one per role. */
export const CompareLabels = z.strictObject({
  tcpReceiver: Label,
  tcpSender: Label,
  udpReceiver: Label,
  udpSender: Label,
});
export type CompareLabels = z.infer<typeof CompareLabels>;

export const CompareCommand = z.strictObject({
  id: CommandId,
  op: z.literal('compare'),
  script: CompareScript,
  link: LinkParams,
  family: z.optional(Family),
  /** The names of the run's four sockets, in the page's language (default: English role names). */
  labels: z.optional(CompareLabels),
});
/** Stops the running compare run early; its sockets are closed and `compare-ended {reason: "stopped"}` follows. */
export const CompareStopCommand = z.strictObject({ id: CommandId, op: z.literal('compare-stop'), run: RunId });

export const CompareResults = {
  compare: z.object({ run: RunId, ...RunSockets.shape, relays: z.object({ tcp: Endpoint, udp: Endpoint }) }),
  'compare-stop': z.object({}),
};

// ─── events ─────────────────────────────────────────────────────────────────

const base = { seq: z.int().check(z.minimum(1)), t: z.number().check(z.minimum(0)) };

/** A run is set up (its sockets exist and the TCP call is connected); sending starts right after. */
export const CompareStartedEvent = z.object({
  ...base,
  kind: z.literal('compare-started'),
  run: RunId,
  script: CompareScript,
  link: LinkParams,
  ...RunSockets.shape,
  relays: z.object({ tcp: Endpoint, udp: Endpoint }),
  /** Which link carries the lanes on this machine (absent in recordings made before it existed: the relays). */
  path: z.optional(LinkPath),
});

/**
 * What the relay did to one datagram (UDP lane) or one chunk of the byte stream
 * (TCP lane), reported when it decides, i.e. when the bytes reach the relay.
 */
export const LinkEvent = z.object({
  ...base,
  kind: z.literal('link'),
  run: RunId,
  lane: Lane,
  /** The relay's own count of datagrams (or chunks) in this direction, from 1. */
  n: z.int().check(z.minimum(1)),
  action: z.enum(['forward', 'drop']),
  /** Why a datagram was dropped: the link lost it, or the queue in front of the bandwidth cap was full. */
  reason: z.optional(z.enum(['loss', 'queue'])),
  bytes: z.int().check(z.minimum(0)),
  /** Time from arrival at the relay to delivery. */
  delayMs: z.optional(z.number().check(z.minimum(0))),
  duplicate: z.optional(z.boolean()),
  reorder: z.optional(z.boolean()),
  /** The compare message number read from the datagram, when it carries one. */
  msg: z.optional(z.int().check(z.minimum(0))),
});

export const CompareEndedEvent = z.object({
  ...base,
  kind: z.literal('compare-ended'),
  run: RunId,
  /** done: every byte went through or the drain time passed; stopped: compare-stop; ended: the session ended; error: a socket failed. */
  reason: z.enum(['done', 'stopped', 'error']),
  message: z.optional(z.string()),
});

/**
 * The kernel resent TCP segments of the lane (read from `ss -ti` of the sending socket inside the lanes'
 * namespace, sampled while the run goes on): totals so far, so a later event supersedes an earlier one.
 */
export const RetransmitEvent = z.object({
  ...base,
  kind: z.literal('retransmit'),
  run: RunId,
  lane: z.literal('tcp'),
  socket: SocketId,
  /** Segments the kernel has sent again so far (ss: retrans total). */
  segments: z.int().check(z.minimum(0)),
  /** Bytes sent more than once so far (ss: bytes_retrans). */
  bytes: z.int().check(z.minimum(0)),
  /** Packets of the lane the kernel's link dropped so far (nftables counters), both directions. */
  dropped: z.optional(z.int().check(z.minimum(0))),
});
