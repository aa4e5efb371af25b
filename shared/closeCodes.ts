/**
 * WebSocket close codes the Allô server uses, by name. 1000–1015 are the
 * standard ones (RFC 6455 §7.4.1); 4000–4999 are for applications. A page
 * decides from the code whether reconnecting makes sense.
 */
export const CloseCodes = {
  /** Normal closure (the page closing its connection). */
  NORMAL: 1000,
  /** The server is full (maxSessions, maxSessionsPerClient): reconnecting later may work. */
  TRY_AGAIN_LATER: 1013,
  /** Another WebSocket resumed this session: this one must not reconnect, or the two would take turns. */
  RESUMED_ELSEWHERE: 4000,
  /** The WebSocket did not say `hello` within helloTimeoutMs. */
  HELLO_TIMEOUT: 4001,
  /** Class mode: the teacher removed this student; do not reconnect. */
  CLASS_REMOVED: 4010,
  /** Class mode: the teacher ended the class; do not reconnect. */
  CLASS_ENDED: 4011,
} as const;

export type CloseCode = (typeof CloseCodes)[keyof typeof CloseCodes];
