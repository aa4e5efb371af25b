/**
 * The conversations a diagram can be narrowed to: one call (the caller, the
 * socket accept() gave for it, and the listener that answered), or one socket
 * with every call it took part in (a listener and all its calls, a UDP socket
 * and the sockets it exchanged postcards with). Pure: tested in Node.
 */
import type { Event } from '../../../../shared/protocol';
import { pairData, type SocketEnds } from '../../../../shared/pairing';
import { reaches } from '../../../../shared/world/endpoints';
import type { World } from '../../../../shared/world';

export interface Conversation {
  /** `call:<caller>` or `socket:<id>`: stable while the session grows. */
  value: string;
  kind: 'call' | 'socket';
  /** The two ends of a call, or the one socket. */
  ends: string[];
}

/** Every call (by its caller) and every socket of the session, in creation order. */
export function conversationList(world: World, sockets: Map<string, SocketEnds>): Conversation[] {
  const peers = pairData([], sockets).peerOf;
  const calls: Conversation[] = [];
  const seen = new Set<string>();
  for (const id of world.order) {
    const peer = peers.get(id);
    if (peer === undefined || seen.has(id)) continue;
    seen.add(id).add(peer);
    // The caller is the end that was not handed over by accept().
    const caller = world.sockets[id]?.parent ? peer : id;
    calls.push({ value: `call:${caller}`, kind: 'call', ends: [caller, caller === id ? peer : id] });
  }
  const each = world.order.map((id): Conversation => ({ value: `socket:${id}`, kind: 'socket', ends: [id] }));
  return [...calls, ...each];
}

/** The sockets a conversation's diagram draws. */
export function conversationSockets(
  value: string,
  world: World,
  sockets: Map<string, SocketEnds>,
  events: readonly Event[],
): Set<string> {
  const peers = pairData([], sockets).peerOf;
  const out = new Set<string>();
  const withCall = (id: string) => {
    out.add(id);
    const peer = peers.get(id);
    if (peer === undefined) return;
    out.add(peer);
    for (const end of [id, peer]) {
      const parent = world.sockets[end]?.parent;
      if (parent) out.add(parent);
    }
  };
  const [kind, id = ''] = value.split(/:(.*)/s);
  if (kind === 'call') {
    withCall(id);
    return out;
  }
  withCall(id);
  for (const child of world.sockets[id]?.children ?? []) withCall(child);
  if (sockets.get(id)?.proto === 'udp') for (const other of udpPartners(id, sockets, events)) out.add(other);
  return out;
}

/** UDP sockets that sent postcards to `id`'s number, or whose number `id` sent to. */
function udpPartners(id: string, sockets: Map<string, SocketEnds>, events: readonly Event[]): Set<string> {
  const me = sockets.get(id);
  const out = new Set<string>();
  const owner = (to: SocketEnds['local']) => {
    for (const [other, s] of sockets) if (other !== id && s.proto === 'udp' && reaches(to, s.local)) return other;
    return undefined;
  };
  const targets = new Set<string>();
  for (const e of events) {
    if (e.kind === 'sent' && e.to) {
      if (e.socket === id) {
        const key = `${e.to.address}|${e.to.port}`;
        if (targets.has(key)) continue;
        targets.add(key);
        const o = owner(e.to);
        if (o) out.add(o);
      } else if (me?.local && reaches(e.to, me.local)) out.add(e.socket);
    }
  }
  if (me?.remote) {
    const o = owner(me.remote);
    if (o) out.add(o);
  }
  return out;
}
