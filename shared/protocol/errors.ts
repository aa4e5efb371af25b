/**
 * The errors a failed command's reply carries: Allô's stable error codes
 * (`ErrorCodes`, the class's included), the kernel's errno names passed through
 * (`KernelErrorCode`), the `ErrorBody` of a reply, and the stable sub-codes
 * (`ErrorReasons`) of the codes that cover several situations.
 */
import * as z from 'zod/mini';
import { ClassErrorCodes } from '../class';

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
