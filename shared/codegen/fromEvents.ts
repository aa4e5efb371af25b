/**
 * A free-mode session's events → one sequential program that reproduces it.
 *
 * Each event maps to the call that caused it (created→socket(), bound→bind(),
 * listening→listen(), accepted→accept(), connecting→connect(), sent→send(),
 * received→recv(), ended→shutdown(), closed→close(), reset→SO_LINGER 0 +
 * close). A receive whose bytes come from a socket of the same program is put
 * after the send that provides them, so the single-threaded program never waits
 * for bytes it has not sent yet.
 */
import type { Endpoint, Event, EventOf } from '../protocol';
import { fromBase64, utf8 } from './bytes';
import type { CloseCause, PortExpr, Program, Role, SocketDecl, Stmt } from './ir';
import { Namer, renameProgram } from './names';
import { EPHEMERAL_MIN } from './ephemeral';

// Its own module, so the toolbox's first screen can use it without the generator.
export { EPHEMERAL_MIN } from './ephemeral';

const key = (e: Endpoint) => `${e.address.replace(/^::ffff:/, '')}|${e.port}`;

interface Scan {
  sockets: Record<string, SocketDecl>;
  /** Local endpoint of each bound socket. */
  local: Map<string, Endpoint>;
  /** Socket owning a local endpoint (listeners, UDP sockets, connected ends). */
  owner: Map<string, string>;
  /** The remote endpoint of each connected socket (TCP or UDP). */
  remote: Map<string, Endpoint>;
  /** The other end of each TCP call inside the session. */
  peer: Map<string, string>;
  /** Sockets whose connect failed, with the errno. */
  connectFails: Map<string, string>;
}

function scan(events: readonly Event[]): Scan {
  const s: Scan = {
    sockets: {},
    local: new Map(),
    owner: new Map(),
    remote: new Map(),
    peer: new Map(),
    connectFails: new Map(),
  };
  const listens = new Set<string>();
  for (const e of events) {
    if (e.kind === 'listening') listens.add(e.socket);
    if (e.kind === 'error' && e.socket && e.syscall === 'connect') s.connectFails.set(e.socket, e.code);
  }
  const remoteOf = s.remote;
  for (const e of events) {
    if (e.kind === 'created') {
      const role: Role =
        e.proto === 'udp' ? 'udp' : e.parent ? 'accepted' : listens.has(e.socket) ? 'listener' : 'client';
      s.sockets[e.socket] = { proto: e.proto, family: e.family, role };
    } else if (e.kind === 'bound' || e.kind === 'listening') {
      s.local.set(e.socket, e.local);
      s.owner.set(key(e.local), e.socket);
    } else if (e.kind === 'connected') {
      s.local.set(e.socket, e.local);
      s.owner.set(key(e.local), e.socket);
      remoteOf.set(e.socket, e.remote);
    } else if (e.kind === 'accepted') {
      remoteOf.set(e.child, e.remote);
    }
  }
  // Pair the two ends of each call: my remote is the other's local.
  for (const [id, remote] of remoteOf) {
    if (s.sockets[id]?.proto !== 'tcp') continue;
    const other = s.owner.get(key(remote));
    if (other && s.sockets[other]?.role !== 'listener') s.peer.set(id, other);
  }
  // Accepted sockets are not in `owner` by their local endpoint (it is the listener's): pair from the client side.
  for (const [a, b] of [...s.peer]) if (!s.peer.has(b)) s.peer.set(b, a);
  return s;
}

/** Why a socket was closed, when the event says and it was not the user's close(). */
function closeCause(e: Event): CloseCause | undefined {
  const cause = (e as { cause?: unknown }).cause;
  return cause === 'node' || cause === 'peer-reset' || cause === 'error' ? cause : undefined;
}

function lastClosedSeq(events: readonly Event[], socket: string): number | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.kind === 'closed' && e.socket === socket) return e.seq;
  }
  return undefined;
}

/** Builds the program of a session from its events. */
export function programFromEvents(events: readonly Event[]): Program {
  const sc = scan(events);
  const stmts: Stmt[] = [];
  const savedPort = new Set<string>();
  const emitted = { sentBytes: new Map<string, number>(), said: new Set<string>(), udp: new Map<string, number>() };
  type Pending = { ready: () => boolean; stmt: Stmt };
  const pending: Pending[] = [];
  const closed = new Set<string>();
  /** Sockets closed for the user (by Node, a reset, an error): C closes them at the end. */
  const closedFor = new Map<string, CloseCause>();
  const bound = new Set<string>();

  const portExpr = (target: Endpoint): PortExpr => {
    const owner = sc.owner.get(key(target));
    return owner && savedPort.has(owner) ? { of: owner } : target.port;
  };
  const flush = () => {
    for (let again = true; again; ) {
      again = false;
      for (let i = 0; i < pending.length; i++) {
        const p = pending[i]!;
        if (p.ready()) {
          pending.splice(i, 1);
          stmts.push(p.stmt);
          again = true;
          break;
        }
      }
    }
  };
  let seq = 0;
  const after = (ready: () => boolean, stmt: Stmt) => {
    stmt.step = seq;
    if (ready()) stmts.push(stmt);
    else pending.push({ ready, stmt });
  };

  /** The lookup made for the call at `i`: the server tags it with the socket (a name given to connect()/sendto()). */
  const lookupOf = (i: number, socket: string): EventOf<'lookup'> | undefined => {
    const prev = events[i - 1];
    // Older recordings: an untagged lookup right before the call.
    if (prev?.kind === 'lookup' && prev.socket === undefined) return prev;
    for (let j = i - 1; j >= 0; j--) {
      const e = events[j]!;
      if (e.kind === 'lookup' && e.socket === socket) return e;
      // That socket's previous call: its lookup, if any, was for that one.
      if ((e.kind === 'connecting' || e.kind === 'sent') && e.socket === socket) return undefined;
    }
    return undefined;
  };
  /** A host typed as a name: the lookup the server reported for the call, if the call went to one of its addresses. */
  const nameFor = (i: number, socket: string, address: string): string => {
    const lookup = lookupOf(i, socket);
    return lookup?.addresses.some((a) => a.address === address) ? lookup.host : address;
  };
  /** A lookup that only resolves the name of a call is part of that call (getaddrinfo() in C). */
  const partOfNextCall = (i: number): boolean => {
    const e = events[i];
    if (e?.kind !== 'lookup') return false;
    if (e.socket !== undefined) return true;
    const next = events[i + 1];
    if (!next) return false;
    const to = next.kind === 'connecting' ? next.remote : next.kind === 'sent' ? next.to : undefined;
    return !!to && e.addresses.some((a) => a.address === to.address);
  };

  for (const [i, e] of events.entries()) {
    seq = e.seq;
    const firstNew = stmts.length;
    switch (e.kind) {
      case 'lookup':
        if (!partOfNextCall(i)) stmts.push({ op: 'lookup', host: e.host });
        break;
      case 'service':
        stmts.push({ op: 'service', name: e.name, proto: e.proto });
        break;
      case 'created':
        if (!e.parent) stmts.push({ op: 'socket', v: e.socket });
        break;
      case 'bound': {
        // One bind() per socket: the kernel's bind may be reported again when the socket listens or dials.
        if (bound.has(e.socket)) break;
        bound.add(e.socket);
        const save = e.local.port >= EPHEMERAL_MIN;
        if (save) savedPort.add(e.socket);
        const bind: Stmt = {
          op: 'bind',
          v: e.socket,
          address: e.local.address,
          port: save ? 0 : e.local.port,
          savePort: save,
          step: e.seq,
        };
        // A TCP client's explicit bind is reported when it connects: put it before its connect().
        const connectAt = stmts.findIndex((x) => x.op === 'connect' && x.v === e.socket);
        if (connectAt >= 0) stmts.splice(connectAt, 0, bind);
        else stmts.push(bind);
        break;
      }
      case 'listening':
        stmts.push({ op: 'listen', v: e.socket, backlog: e.backlog });
        break;
      case 'connecting': {
        const fails = sc.connectFails.get(e.socket);
        stmts.push({
          op: 'connect',
          v: e.socket,
          host: nameFor(i, e.socket, e.remote.address),
          port: portExpr(e.remote),
          ...(fails ? { fails } : {}),
        });
        break;
      }
      case 'accepted':
        stmts.push({ op: 'accept', listener: e.socket, v: e.child });
        break;
      case 'sent': {
        const data = e.data.truncated ? utf8('') : fromBase64(e.data.base64);
        const to = e.to ? { host: nameFor(i, e.socket, e.to.address), port: portExpr(e.to) } : undefined;
        stmts.push({
          op: 'send',
          v: e.socket,
          bytes: data,
          ...(e.data.text !== undefined && !e.data.truncated ? { text: e.data.text } : {}),
          ...(to ? { to } : {}),
        });
        emitted.sentBytes.set(e.socket, (emitted.sentBytes.get(e.socket) ?? 0) + e.bytes);
        if (e.to) {
          const dest = sc.owner.get(key(e.to));
          if (dest) emitted.udp.set(`${e.socket}>${dest}`, (emitted.udp.get(`${e.socket}>${dest}`) ?? 0) + 1);
        } else {
          const remote = sc.remote.get(e.socket);
          const dest = remote ? sc.owner.get(key(remote)) : undefined;
          if (dest) emitted.udp.set(`${e.socket}>${dest}`, (emitted.udp.get(`${e.socket}>${dest}`) ?? 0) + 1);
        }
        flush();
        break;
      }
      case 'received': {
        const proto = sc.sockets[e.socket]?.proto;
        if (proto === 'tcp') {
          const from = sc.peer.get(e.socket);
          const need = e.offset + e.bytes;
          after(() => !from || (emitted.sentBytes.get(from) ?? 0) >= need, { op: 'recv', v: e.socket, bytes: e.bytes });
        } else {
          const from = e.from ? sc.owner.get(key(e.from)) : undefined;
          const k = `${from}>${e.socket}`;
          const seen = (emitted.udp.get(`got:${k}`) ?? 0) + 1;
          emitted.udp.set(`got:${k}`, seen);
          after(() => !from || (emitted.udp.get(k) ?? 0) >= seen, { op: 'recv', v: e.socket });
        }
        break;
      }
      case 'ended':
        stmts.push({ op: 'shutdown', v: e.socket });
        emitted.said.add(e.socket);
        flush();
        break;
      case 'peer-ended': {
        const from = sc.peer.get(e.socket);
        after(() => !from || emitted.said.has(from), { op: 'recv', v: e.socket, eof: true });
        break;
      }
      case 'reset':
        stmts.push({ op: 'reset', v: e.socket });
        closed.add(e.socket);
        emitted.said.add(e.socket);
        flush();
        break;
      case 'closed': {
        // `cause` is absent in recordings made before it existed: the close is then the user's.
        const cause = closeCause(e);
        if (cause && !closed.has(e.socket)) closedFor.set(e.socket, cause);
        else if (!closed.has(e.socket)) stmts.push({ op: 'close', v: e.socket });
        closed.add(e.socket);
        emitted.said.add(e.socket);
        flush();
        break;
      }
      case 'error':
        if (!e.socket) stmts.push({ op: 'note', text: `${e.syscall}: ${e.code}` });
        else if ((e.syscall === 'listen' || e.syscall === 'bind') && e.requested && !bound.has(e.socket))
          // The real call with its error check: in C, EADDRINUSE comes from bind() (inside listen() in Node).
          stmts.push({
            op: 'bind',
            v: e.socket,
            address: e.requested.address,
            port: e.requested.port,
            savePort: false,
            fails: e.code,
          });
        else if (e.syscall === 'listen' || e.syscall === 'bind')
          stmts.push({ op: 'note', text: `${e.syscall}() → ${e.code}` });
        else if (e.syscall === 'recvmsg' || (e.syscall === 'read' && e.code === 'ECONNRESET')) {
          const from = sc.peer.get(e.socket);
          after(() => !from || emitted.said.has(from), { op: 'recv', v: e.socket, fails: e.code });
        }
        break;
      case 'paused':
      case 'resumed':
      case 'kernel':
        break;
    }
    // Tag the lines with the event they come from, so the code view can mark the event at the cursor.
    for (const st of stmts.slice(firstNew)) st.step ??= e.seq;
  }
  // Whatever still waits for bytes that never came from inside (the data was truncated, say).
  for (const p of pending) stmts.push(p.stmt);
  // What a correct C program still needs: close() on the sockets Node (or the peer, or an error) closed.
  for (const [v, why] of closedFor) stmts.push({ op: 'close', v, why, step: lastClosedSeq(events, v) });
  // Sockets the teacher named keep their names; the others are called by their ids (s1, s2…).
  const namer = new Namer();
  for (const e of events) if (e.kind === 'created') namer.name(e.socket, e.label);
  return renameProgram({ sockets: sc.sockets, stmts }, (id) => namer.get(id));
}
