/**
 * Allô wire protocol, version 1 — the single source of truth.
 *
 * JSON text frames on the WebSocket at `/ws`. Every command from the client gets
 * exactly one `reply`; the server also pushes `welcome` (once, answering `hello`)
 * and `events` frames. docs/protocol.md is the reference for people; a test keeps
 * it and these schemas in agreement.
 *
 * This module is the one import point: it re-exports the schemas, which live by
 * concern in shared/protocol/ —
 *   blocks.ts    Proto, Data, Payload, Target (ids, ports, hosts and endpoints: shared/primitives.ts)
 *   commands.ts  the commands (client → server), the Command union, OPS
 *   results.ts   Results: each op's result when it succeeds
 *   errors.ts    ErrorCodes, KernelErrorCode, ErrorBody, ErrorReasons
 *   events.ts    the events (server → client), the Event union, EVENT_KINDS
 *   frames.ts    Policy and the server's frames: welcome, reply, events, spotlight; Reply, ReplyError
 * The plain values (version, event kinds, assertNever) are in shared/protocolValues.ts,
 * the close codes in shared/closeCodes.ts; the compare run's, the wire's and the class's
 * additions in shared/compare/wire.ts, shared/wire/events.ts and shared/class.ts.
 */
export { assertNever, DISCONNECTED, PROTOCOL_VERSION } from './protocolValues';

export { CommandId, Endpoint, Family, Host, Port, SocketId } from './primitives';

export * from './protocol/blocks';
export * from './protocol/commands';
export * from './protocol/results';
export * from './protocol/errors';
export * from './protocol/events';
export * from './protocol/frames';

export { CloseCodes, type CloseCode } from './closeCodes';
