/**
 * The frames the server sends: `welcome` (once, answering `hello`, with the
 * server's capabilities and `Policy`), `reply` (one per command: its result or
 * its error), `events`, and the teacher's `spotlight`; their `ServerFrame`
 * union, and the `Reply` and `ReplyError` types the page, the server and the
 * lesson driver use for what a command gets back.
 */
import * as z from 'zod/mini';
import { CommandId } from '../primitives';
import { CaptureCapability } from '../wire/events';
import { ClassWelcome, SpotlightFrameBase } from '../class';
import { DISCONNECTED, PROTOCOL_VERSION } from '../protocolValues';
import type { Op } from './commands';
import type { ResultOf } from './results';
import { ErrorBody } from './errors';
import { Event } from './events';

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
