import type { SocketId } from '../../../shared/protocol';
import { farEnd, sameEndpoint, type SocketState, type World } from '../../../shared/world';

/** Where a socket sits on the stage, in percent of the stage's width and height. */
export interface Place {
  x: number;
  y: number;
  column: 'left' | 'right';
  row: number;
}

export interface StageLayout {
  places: Record<SocketId, Place>;
  /** The far end of a call to (or from) outside the session, keyed by the socket of this session. */
  ghosts: Record<SocketId, Place>;
  /** Socket dialling (or refused by) a listener of this session → that listener. */
  dialled: Record<SocketId, SocketId>;
  rows: number;
  /** Sockets on the stage, in drawing order. */
  shown: SocketId[];
}

export const LEFT_X = 18.5;
export const RIGHT_X = 81.5;
/** Half a card's width, in percent of the stage: lines start at the card's edge. */
export const CARD_HALF = 17;

type Cell = SocketId | `ghost:${string}` | undefined;

/** The listener of this session a socket is dialling, if any. */
function dialledListener(world: World, s: SocketState): SocketId | undefined {
  if (s.proto !== 'tcp' || !s.remote || (s.phase !== 'connecting' && s.phase !== 'error')) return undefined;
  return world.order.find((id) => {
    const l = world.sockets[id];
    return l && l.id !== s.id && l.open && l.phase === 'listening' && sameEndpoint(l.local, s.remote);
  });
}

/**
 * Places the telephones: the answering side on the right (each listener, then
 * the calls its switchboard handed out, one row each), the callers on the left
 * on the same row as the socket that answered them, so every line is level. A
 * call with a peer outside the session gets a ghost phone across the stage.
 * The rest (fresh sockets, UDP mailboxes) fill the free rows; UDP mailboxes
 * alternate sides so postcards cross the stage.
 */
export function layoutStage(world: World, hideClosed = false): StageLayout {
  const shown = world.order.filter((id) => {
    const s = world.sockets[id];
    return s && !(hideClosed && !s.open);
  });
  const visible = new Set(shown);
  const paired = new Map<SocketId, SocketId>();
  for (const c of world.connections) {
    if (!visible.has(c.caller) || !visible.has(c.callee)) continue;
    paired.set(c.callee, c.caller);
    paired.set(c.caller, c.callee);
  }
  const dialled: Record<SocketId, SocketId> = {};
  const needsGhost = (s: SocketState) => {
    if (s.proto !== 'tcp' || !s.remote || paired.has(s.id)) return false;
    // Mid-handshake the far end is a socket of this session: no phantom phone for it.
    if (s.phase !== 'connecting' && s.phase !== 'error' && farEnd(world, s) === 'session') return false;
    const l = dialledListener(world, s);
    if (l && visible.has(l)) dialled[s.id] = l;
    return !dialled[s.id];
  };
  const right: Cell[] = [];
  const left: Cell[] = [];
  const placed = new Set<SocketId>();

  for (const id of shown) {
    const s = world.sockets[id]!;
    if (s.proto !== 'tcp' || s.parent !== undefined || (s.children.length === 0 && s.phase !== 'listening')) continue;
    right.push(id);
    placed.add(id);
    for (const child of s.children) {
      const c = world.sockets[child];
      if (!c || !visible.has(child)) continue;
      const row = right.push(child) - 1;
      placed.add(child);
      const caller = paired.get(child);
      if (caller && !placed.has(caller)) {
        left[row] = caller;
        placed.add(caller);
      } else if (needsGhost(c)) left[row] = `ghost:${child}`;
    }
  }
  let udp = 0;
  for (const id of shown) {
    if (placed.has(id)) continue;
    const s = world.sockets[id]!;
    placed.add(id);
    if (needsGhost(s)) {
      let row = 0;
      while (left[row] !== undefined || right[row] !== undefined) row++;
      left[row] = id;
      right[row] = `ghost:${id}`;
      continue;
    }
    const side = s.proto === 'udp' ? (udp++ % 2 === 0 ? left : right) : left;
    let row = side.findIndex((x) => x === undefined);
    if (row < 0) row = side.length;
    side[row] = id;
  }
  const rows = Math.max(1, left.length, right.length);
  const places: Record<SocketId, Place> = {};
  const ghosts: Record<SocketId, Place> = {};
  const put = (col: Cell[], column: Place['column']) =>
    col.forEach((cell, row) => {
      if (!cell) return;
      const place = { x: column === 'left' ? LEFT_X : RIGHT_X, y: ((row + 0.5) / rows) * 100, column, row };
      if (cell.startsWith('ghost:')) ghosts[cell.slice(6)] = place;
      else places[cell] = place;
    });
  put(left, 'left');
  put(right, 'right');
  return { places, ghosts, dialled, rows, shown };
}
