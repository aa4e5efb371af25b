/**
 * The protocol's plain values, without its zod schemas: what the page's first
 * screen needs (the version it says in `hello`, the list of event kinds, the
 * exhaustiveness check) without shipping the schemas before it paints.
 * shared/protocol.ts re-exports them; shared/protocol/events.ts checks at compile
 * time that EVENT_KINDS names every kind of its `Event` union and nothing else.
 */
export const PROTOCOL_VERSION = 1 as const;

/** Every event kind (the log's kind filter lists them in this order). */
export const EVENT_KINDS = [
  'lookup',
  'service',
  'created',
  'bound',
  'listening',
  'connecting',
  'connected',
  'accepted',
  'sent',
  'received',
  'paused',
  'resumed',
  'ended',
  'peer-ended',
  'reset',
  'closed',
  'error',
  'kernel',
  'compare-started',
  'link',
  'retransmit',
  'compare-ended',
  'segment',
  'datagram',
  'icmp',
  'capture',
  'roster',
  'directory',
  'class-state',
  'class-peer',
] as const;

/** For `switch` statements that must handle every case. */
export function assertNever(x: never): never {
  throw new Error(`unexpected: ${JSON.stringify(x)}`);
}

/** The page's own code when the connection closes before a reply (never sent by a server). */
export const DISCONNECTED = 'DISCONNECTED';
