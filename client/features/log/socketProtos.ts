import type { Event, Proto } from '../../../shared/protocol';

/** Per events array (appended in place): how far it was read, and each socket's protocol from its `created`. */
const seen = new WeakMap<readonly Event[], { read: number; protos: Map<string, Proto> }>();

/**
 * The protocol of a socket, from its `created` event, read once per event:
 * the log is asked for a few rows at a time over up to 100,000 events.
 */
export function protoOf(events: readonly Event[], socket: string): Proto | undefined {
  let entry = seen.get(events);
  // Replaced or cut in place (a new recording, a trimmed log): read it again.
  if (!entry || entry.read > events.length) {
    entry = { read: 0, protos: new Map() };
    seen.set(events, entry);
  }
  for (; entry.read < events.length; entry.read++) {
    const e = events[entry.read]!;
    if (e.kind === 'created') entry.protos.set(e.socket, e.proto);
  }
  return entry.protos.get(socket);
}
