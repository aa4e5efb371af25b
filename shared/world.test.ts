import { describe, expect, it } from 'vitest';
import { EVENT_KINDS, type Endpoint, type Event, type EventInput, type EventKind } from './protocol';
import { createWorldCursor, emptyWorld, reduceWorld, worldAt, RECENT_LIMIT, type World } from './world';

const ep = (address: string, port: number, family: 4 | 6 = 4): Endpoint => ({ address, port, family });
const txt = (text: string) => ({ text, base64: Buffer.from(text).toString('base64') });

/** Numbers events as a session would and folds them into a world. */
class Script {
  readonly events: Event[] = [];
  add(...inputs: EventInput[]): this {
    for (const e of inputs) this.events.push({ ...e, seq: this.events.length + 1, t: this.events.length * 2 } as Event);
    return this;
  }
  get world(): World {
    return worldAt(this.events, Infinity);
  }
}

const S = ep('127.0.0.1', 5000);
const C = ep('127.0.0.1', 40000);

/** Listener l on :5000, client c dialling from :40000, accepted child a — in the server's order. */
function call(): Script {
  return new Script().add(
    { kind: 'created', socket: 'l', proto: 'tcp', family: 4, label: 'server' },
    { kind: 'bound', socket: 'l', local: S },
    { kind: 'listening', socket: 'l', local: S, backlog: 16 },
    { kind: 'created', socket: 'c', proto: 'tcp', family: 4 },
    { kind: 'connecting', socket: 'c', remote: S },
    { kind: 'connected', socket: 'c', local: C, remote: S },
    { kind: 'accepted', socket: 'l', child: 'a', local: S, remote: C },
    { kind: 'created', socket: 'a', proto: 'tcp', family: 4, parent: 'l' },
  );
}

describe('reduceWorld: a TCP call', () => {
  it('goes created → bound → listening, and connecting → connected', () => {
    const s = call();
    const phases = (id: string) =>
      s.events.map((_, i) => worldAt(s.events, i + 1).sockets[id]?.phase).filter((p, i, a) => p && p !== a[i - 1]);
    expect(phases('l')).toEqual(['created', 'bound', 'listening']);
    expect(phases('c')).toEqual(['created', 'connecting', 'connected']);
    expect(s.world.sockets.l?.label).toBe('server');
  });

  it('hands each accepted call to a new socket whose remote is the caller, and draws the line', () => {
    const w = call().world;
    expect(w.sockets.l?.children).toEqual(['a']);
    expect(w.sockets.a).toMatchObject({ parent: 'l', phase: 'connected', local: S, remote: C, proto: 'tcp' });
    expect(w.connections).toEqual([{ id: 'c~a', caller: 'c', callee: 'a', seq: 7 }]);
    expect(w.order).toEqual(['l', 'c', 'a']);
  });

  it('pairs the call whichever side is reported connected last', () => {
    const s = new Script().add(
      { kind: 'created', socket: 'l', proto: 'tcp', family: 4 },
      { kind: 'listening', socket: 'l', local: S, backlog: 16 },
      { kind: 'created', socket: 'c', proto: 'tcp', family: 4 },
      { kind: 'accepted', socket: 'l', child: 'a', local: S, remote: ep('::ffff:127.0.0.1', 40000, 6) },
      { kind: 'connected', socket: 'c', local: C, remote: S },
    );
    expect(s.world.connections.map((c) => c.id)).toEqual(['c~a']);
  });

  it('counts bytes and keeps each chunk as the kernel delivered it', () => {
    const w = call().add(
      { kind: 'sent', socket: 'c', bytes: 3, offset: 0, data: txt('abc') },
      { kind: 'sent', socket: 'c', bytes: 3, offset: 3, data: txt('def') },
      { kind: 'received', socket: 'a', bytes: 6, offset: 0, data: txt('abcdef') },
    ).world;
    expect(w.sockets.c).toMatchObject({ bytesSent: 6, sends: 2, bytesReceived: 0 });
    expect(w.sockets.a).toMatchObject({ bytesReceived: 6, receives: 1 });
    expect(w.chunks.map((c) => [c.socket, c.direction, c.data.text])).toEqual([
      ['c', 'sent', 'abc'],
      ['c', 'sent', 'def'],
      ['a', 'received', 'abcdef'],
    ]);
    expect(w.chunkCount).toBe(3);
  });

  it('keeps only the latest chunks but counts them all', () => {
    const s = call();
    for (let i = 0; i < RECENT_LIMIT + 10; i++)
      s.add({ kind: 'received', socket: 'a', bytes: 1, offset: i, data: txt('x') });
    const w = s.world;
    expect(w.chunks).toHaveLength(RECENT_LIMIT);
    expect(w.chunkCount).toBe(RECENT_LIMIT + 10);
    expect(w.chunks.at(-1)?.offset).toBe(RECENT_LIMIT + 9);
  });

  it('pauses and resumes reading', () => {
    const s = call().add({ kind: 'paused', socket: 'a' });
    expect(s.world.sockets.a?.paused).toBe(true);
    expect(s.add({ kind: 'resumed', socket: 'a' }).world.sockets.a?.paused).toBe(false);
  });

  it('half-closes from the caller: half-closed here, peer-half-closed there, then both close', () => {
    const s = call().add({ kind: 'ended', socket: 'c' }, { kind: 'peer-ended', socket: 'a' });
    expect(s.world.sockets.c).toMatchObject({ phase: 'half-closed', finSent: true, closing: false });
    expect(s.world.sockets.a).toMatchObject({ phase: 'peer-half-closed', finReceived: true });
    s.add({ kind: 'ended', socket: 'a' }, { kind: 'peer-ended', socket: 'c' });
    expect(s.world.sockets.c).toMatchObject({ phase: 'half-closed', closing: true });
    expect(s.world.sockets.a).toMatchObject({ phase: 'half-closed', closing: true });
    s.add({ kind: 'closed', socket: 'c', hadError: false }, { kind: 'closed', socket: 'a', hadError: false });
    expect(s.world.sockets.c).toMatchObject({ phase: 'closed', open: false, closing: false });
    expect(s.world.sockets.a?.phase).toBe('closed');
  });

  it('half-closes from the accepted side too', () => {
    const s = call().add({ kind: 'ended', socket: 'a' }, { kind: 'peer-ended', socket: 'c' });
    expect(s.world.sockets.a?.phase).toBe('half-closed');
    expect(s.world.sockets.c?.phase).toBe('peer-half-closed');
    s.add({ kind: 'sent', socket: 'c', bytes: 2, offset: 0, data: txt('ok') });
    expect(s.world.sockets.c?.phase).toBe('peer-half-closed');
  });

  it('a reset stays "slammed down" after its close; the peer shows ECONNRESET', () => {
    const s = call().add(
      { kind: 'reset', socket: 'c' },
      { kind: 'closed', socket: 'c', hadError: false },
      { kind: 'error', socket: 'a', code: 'ECONNRESET', syscall: 'read', message: 'reset by peer' },
      { kind: 'closed', socket: 'a', hadError: true },
    );
    expect(s.world.sockets.c).toMatchObject({ phase: 'reset', open: false });
    expect(s.world.sockets.a).toMatchObject({
      phase: 'error',
      open: false,
      lastError: { code: 'ECONNRESET', syscall: 'read', seq: 11 },
    });
  });

  it('closing a listener leaves its calls open', () => {
    const s = call().add({ kind: 'closed', socket: 'l', hadError: false });
    expect(s.world.sockets.l?.phase).toBe('closed');
    expect(s.world.sockets.a).toMatchObject({ phase: 'connected', open: true });
  });

  it('records the kernel state', () => {
    const w = call().add({ kind: 'kernel', socket: 'a', state: 'ESTABLISHED', txQueue: 0, rxQueue: 12 }).world;
    expect(w.sockets.a?.kernel).toMatchObject({ state: 'ESTABLISHED', txQueue: 0, rxQueue: 12 });
  });
});

describe('reduceWorld: errors', () => {
  it('ECONNREFUSED on connect: nobody answers, and the phase stays error after the close', () => {
    const s = new Script().add(
      { kind: 'created', socket: 'c', proto: 'tcp', family: 4 },
      { kind: 'connecting', socket: 'c', remote: S },
      { kind: 'error', socket: 'c', code: 'ECONNREFUSED', syscall: 'connect', message: 'Nobody answered' },
      { kind: 'closed', socket: 'c', hadError: true },
    );
    expect(s.world.sockets.c).toMatchObject({
      phase: 'error',
      open: false,
      lastError: { code: 'ECONNREFUSED', message: 'Nobody answered' },
    });
  });

  it('EADDRINUSE on listen: the number is taken, and the socket may try again', () => {
    const s = new Script().add(
      { kind: 'created', socket: 'l', proto: 'tcp', family: 4 },
      { kind: 'error', socket: 'l', code: 'EADDRINUSE', syscall: 'listen', message: 'taken' },
    );
    expect(s.world.sockets.l).toMatchObject({ phase: 'error', open: true, phaseBeforeError: 'created' });
    s.add({ kind: 'bound', socket: 'l', local: S }, { kind: 'listening', socket: 'l', local: S, backlog: 16 });
    expect(s.world.sockets.l?.phase).toBe('listening');
    expect(s.world.sockets.l?.lastError?.code).toBe('EADDRINUSE');
  });

  it('a user closing a socket after a harmless error shows it closed', () => {
    const s = new Script().add(
      { kind: 'created', socket: 'u', proto: 'udp', family: 4 },
      { kind: 'error', socket: 'u', code: 'EADDRINUSE', syscall: 'bind', message: 'taken' },
      { kind: 'closed', socket: 'u', hadError: false },
    );
    expect(s.world.sockets.u?.phase).toBe('closed');
  });

  it('a listener keeps listening when one incoming call fails', () => {
    const s = call().add({ kind: 'error', socket: 'l', code: 'LIMIT', syscall: 'accept', message: 'too many' });
    expect(s.world.sockets.l).toMatchObject({ phase: 'listening', lastError: { code: 'LIMIT' } });
  });

  it('an error that names no socket is kept apart', () => {
    const w = new Script().add({
      kind: 'error',
      code: 'ENOTFOUND',
      syscall: 'getaddrinfo',
      message: 'no such name',
    }).world;
    expect(w.lastError).toMatchObject({ code: 'ENOTFOUND', seq: 1 });
    expect(w.order).toEqual([]);
  });
});

describe('reduceWorld: UDP postcards', () => {
  const A = ep('127.0.0.1', 6001);
  const B = ep('127.0.0.1', 6002);
  const two = () =>
    new Script().add(
      { kind: 'created', socket: 'u1', proto: 'udp', family: 4 },
      { kind: 'bound', socket: 'u1', local: A },
      { kind: 'created', socket: 'u2', proto: 'udp', family: 4 },
      { kind: 'bound', socket: 'u2', local: B },
    );

  it('without connect: sendto flies to the socket with that number and is delivered', () => {
    const s = two().add({ kind: 'sent', socket: 'u1', bytes: 5, offset: 0, data: txt('hello'), to: B });
    expect(s.world.datagrams).toEqual([
      expect.objectContaining({
        fromSocket: 'u1',
        toSocket: 'u2',
        fate: 'in-flight',
        from: A,
        to: B,
        sentSeq: 5,
        receivedSeq: null,
      }),
    ]);
    s.add({ kind: 'received', socket: 'u2', bytes: 5, offset: 0, data: txt('hello'), from: A });
    expect(s.world.datagrams).toEqual([expect.objectContaining({ fate: 'delivered', receivedSeq: 6, toSocket: 'u2' })]);
    expect(s.world.datagramCount).toBe(1);
    expect(s.world.sockets.u2).toMatchObject({ bytesReceived: 5, phase: 'bound' });
    expect(s.world.connections).toEqual([]);
    expect(s.world.chunks).toEqual([]);
  });

  it('pairs a postcard whose arrival was reported before its departure', () => {
    const s = two().add(
      { kind: 'received', socket: 'u2', bytes: 2, offset: 0, data: txt('hi'), from: A },
      { kind: 'sent', socket: 'u1', bytes: 2, offset: 0, data: txt('hi'), to: B },
    );
    expect(s.world.datagrams).toEqual([
      expect.objectContaining({ fromSocket: 'u1', toSocket: 'u2', sentSeq: 6, receivedSeq: 5, fate: 'delivered' }),
    ]);
  });

  it('a postcard to a number nobody in the session has goes nowhere', () => {
    const s = two().add(
      { kind: 'closed', socket: 'u2', hadError: false },
      { kind: 'sent', socket: 'u1', bytes: 1, offset: 0, data: txt('?'), to: B },
    );
    expect(s.world.datagrams[0]).toMatchObject({ fate: 'nowhere', toSocket: null, to: B });
  });

  it('a postcard from outside the session is recorded with its sender address', () => {
    const outside = ep('127.0.0.1', 7777);
    const s = two().add({ kind: 'received', socket: 'u1', bytes: 3, offset: 0, data: txt('out'), from: outside });
    expect(s.world.datagrams[0]).toMatchObject({
      fromSocket: null,
      toSocket: 'u1',
      from: outside,
      fate: 'delivered',
      sentSeq: null,
    });
  });

  it('with connect: the default peer is the destination; a refusal is an error the socket survives', () => {
    const s = two().add(
      { kind: 'connecting', socket: 'u1', remote: B },
      { kind: 'connected', socket: 'u1', local: A, remote: B },
      { kind: 'sent', socket: 'u1', bytes: 1, offset: 0, data: txt('x') },
    );
    expect(s.world.sockets.u1?.phase).toBe('connected');
    expect(s.world.datagrams[0]).toMatchObject({ to: B, toSocket: 'u2', fate: 'in-flight' });
    s.add(
      { kind: 'closed', socket: 'u2', hadError: false },
      { kind: 'sent', socket: 'u1', bytes: 1, offset: 0, data: txt('y') },
      { kind: 'error', socket: 'u1', code: 'ECONNREFUSED', syscall: 'recvmsg', message: 'port unreachable' },
    );
    expect(s.world.sockets.u1).toMatchObject({ phase: 'error', open: true, lastError: { code: 'ECONNREFUSED' } });
    expect(s.world.datagrams[1]).toMatchObject({ fate: 'nowhere' });
    s.add({ kind: 'sent', socket: 'u1', bytes: 1, offset: 0, data: txt('z') });
    expect(s.world.sockets.u1?.phase).toBe('connected');
  });
});

describe('reduceWorld: directory', () => {
  it('records lookups and services', () => {
    const w = new Script().add(
      {
        kind: 'lookup',
        host: 'localhost',
        addresses: [
          { address: '127.0.0.1', family: 4 },
          { address: '::1', family: 6 },
        ],
      },
      { kind: 'service', name: 'http', proto: 'tcp', port: 80, source: 'etc-services' },
    ).world;
    expect(w.lookups.localhost?.addresses).toHaveLength(2);
    expect(w.services['http/tcp']).toMatchObject({ port: 80, seq: 2 });
  });
});

describe('reduceWorld: purity and coverage', () => {
  it('never changes the world it is given', () => {
    const s = call();
    const before = worldAt(s.events, 6);
    const copy = structuredClone(before);
    reduceWorld(before, s.events[6]!);
    expect(before).toEqual(copy);
  });

  it('ignores events about sockets it has not seen (a shed prefix)', () => {
    const w = reduceWorld(emptyWorld(), { seq: 40, t: 1, kind: 'ended', socket: 'ghost' });
    expect(w.sockets).toEqual({});
    expect(w.seq).toBe(40);
  });

  it('handles one event of every kind (the table is checked against the protocol by the compiler)', () => {
    const base = call().world;
    const one: { [K in EventKind]: [EventInput<K>, (w: World) => unknown] } = {
      lookup: [{ kind: 'lookup', host: 'h', addresses: [] }, (w) => w.lookups.h?.host],
      service: [
        { kind: 'service', name: 'echo', proto: 'udp', port: 7, source: 'builtin' },
        (w) => w.services['echo/udp']?.port,
      ],
      created: [{ kind: 'created', socket: 'n', proto: 'udp', family: 6 }, (w) => w.sockets.n?.phase],
      bound: [{ kind: 'bound', socket: 'c', local: C }, (w) => w.sockets.c?.phase],
      listening: [{ kind: 'listening', socket: 'l', local: S, backlog: 1 }, (w) => w.sockets.l?.phase],
      connecting: [{ kind: 'connecting', socket: 'c', remote: S }, (w) => w.sockets.c?.phase],
      connected: [{ kind: 'connected', socket: 'c', local: C, remote: S }, (w) => w.sockets.c?.phase],
      accepted: [{ kind: 'accepted', socket: 'l', child: 'b', local: S, remote: C }, (w) => w.sockets.b?.parent],
      sent: [{ kind: 'sent', socket: 'c', bytes: 1, offset: 0, data: txt('x') }, (w) => w.sockets.c?.bytesSent],
      received: [
        { kind: 'received', socket: 'a', bytes: 1, offset: 0, data: txt('x') },
        (w) => w.sockets.a?.bytesReceived,
      ],
      paused: [{ kind: 'paused', socket: 'a' }, (w) => w.sockets.a?.paused],
      resumed: [{ kind: 'resumed', socket: 'a' }, (w) => w.sockets.a?.paused],
      ended: [{ kind: 'ended', socket: 'a' }, (w) => w.sockets.a?.phase],
      'peer-ended': [{ kind: 'peer-ended', socket: 'a' }, (w) => w.sockets.a?.phase],
      reset: [{ kind: 'reset', socket: 'a' }, (w) => w.sockets.a?.phase],
      closed: [{ kind: 'closed', socket: 'a', hadError: false }, (w) => w.sockets.a?.phase],
      error: [
        { kind: 'error', socket: 'a', code: 'ECONNRESET', syscall: 'read', message: 'm' },
        (w) => w.sockets.a?.phase,
      ],
      kernel: [
        { kind: 'kernel', socket: 'a', state: 'CLOSE_WAIT', txQueue: 1, rxQueue: 2 },
        (w) => w.sockets.a?.kernel?.state,
      ],
      // Compare bookkeeping leaves the sockets as they were.
      'compare-started': [
        {
          kind: 'compare-started',
          run: 'c1',
          script: { count: 1, size: 8, intervalMs: 5 },
          link: { lossPct: 0, delayMs: 0, jitterMs: 0, reorderPct: 0, duplicatePct: 0, bandwidthKbps: 0, seed: 1 },
          tcp: { listener: 'l', sender: 'c' },
          udp: { receiver: 'a', sender: 'b' },
          relays: { tcp: S, udp: S },
        },
        (w) => w.sockets.a?.phase,
      ],
      link: [
        { kind: 'link', run: 'c1', lane: 'udp', n: 1, action: 'drop', reason: 'loss', bytes: 8 },
        (w) => w.sockets.a?.phase,
      ],
      retransmit: [
        { kind: 'retransmit', run: 'c1', lane: 'tcp', socket: 'a', segments: 2, bytes: 128 },
        (w) => w.sockets.a?.phase,
      ],
      'compare-ended': [{ kind: 'compare-ended', run: 'c1', reason: 'done' }, (w) => w.sockets.a?.phase],
      // The wire's events leave the sockets as they were: views read them directly.
      segment: [
        { kind: 'segment', socket: 'a', dir: 'in', frame: 1, flags: ['ACK'], tcpSeq: 1, tcpAck: 1, len: 0, win: 100 },
        (w) => w.sockets.a?.phase,
      ],
      datagram: [
        { kind: 'datagram', socket: 'a', dir: 'out', frame: 2, src: C, dst: S, len: 3 },
        (w) => w.sockets.a?.phase,
      ],
      icmp: [
        {
          kind: 'icmp',
          socket: 'a',
          dir: 'in',
          frame: 3,
          family: 4,
          type: 3,
          code: 3,
          name: 'port-unreachable',
          about: { proto: 'udp', src: C, dst: S },
        },
        (w) => w.sockets.a?.phase,
      ],
      capture: [{ kind: 'capture', state: 'on', kept: 0, keptBytes: 0, notKept: 0 }, (w) => w.sockets.a?.phase],
      roster: [{ kind: 'roster', students: [], calls: [] }, (w) => w.sockets.a?.phase],
      directory: [{ kind: 'directory', entries: [] }, (w) => w.sockets.a?.phase],
      'class-state': [{ kind: 'class-state', frozen: true, ended: false }, (w) => w.sockets.a?.phase],
      'class-peer': [
        { kind: 'class-peer', socket: 'a', peer: 'bob', service: 'bob:echo', remote: C },
        (w) => w.sockets.a?.phase,
      ],
    };
    const expected: Record<EventKind, unknown> = {
      lookup: 'h',
      service: 7,
      created: 'created',
      bound: 'connected',
      listening: 'listening',
      connecting: 'connected',
      connected: 'connected',
      accepted: 'l',
      sent: 1,
      received: 1,
      paused: true,
      resumed: false,
      ended: 'half-closed',
      'peer-ended': 'peer-half-closed',
      reset: 'reset',
      closed: 'closed',
      error: 'error',
      kernel: 'CLOSE_WAIT',
      'compare-started': 'connected',
      link: 'connected',
      retransmit: 'connected',
      'compare-ended': 'connected',
      segment: 'connected',
      datagram: 'connected',
      icmp: 'connected',
      capture: 'connected',
      roster: 'connected',
      directory: 'connected',
      'class-state': 'connected',
      'class-peer': 'connected',
    };
    for (const kind of EVENT_KINDS) {
      const [input, read] = one[kind] as [EventInput, (w: World) => unknown];
      const w = reduceWorld(base, { ...input, seq: 99, t: 99 } as Event);
      expect([kind, read(w)]).toEqual([kind, expected[kind]]);
      expect(w.seq).toBe(99);
    }
  });
});

describe('worldAt and createWorldCursor', () => {
  const long = () => {
    const s = call();
    for (let i = 0; i < 1500; i++) s.add({ kind: 'received', socket: 'a', bytes: 1, offset: i, data: txt('.') });
    s.add({ kind: 'closed', socket: 'a', hadError: false });
    return s.events;
  };

  it('shows the world at any seq, the same as reducing from scratch', () => {
    const events = long();
    const cursor = createWorldCursor();
    for (const seq of [0, 3, 7, 600, 1508, 1509, 520, 2, 1000, 1509]) {
      expect(cursor.at(events, seq)).toEqual(worldAt(events, seq));
    }
  });

  it('follows an append-only list as it grows, and starts over for a new list', () => {
    const events = call().events;
    const cursor = createWorldCursor();
    expect(cursor.at(events, 8).sockets.a?.phase).toBe('connected');
    events.push({ seq: 9, t: 20, kind: 'closed', socket: 'a', hadError: false });
    expect(cursor.at(events, 9).sockets.a?.phase).toBe('closed');
    const other = new Script().add({ kind: 'created', socket: 'x', proto: 'udp', family: 6 }).events;
    expect(Object.keys(cursor.at(other, 9).sockets)).toEqual(['x']);
  });

  it('works on a list whose oldest events were shed', () => {
    const events = long().slice(100);
    expect(createWorldCursor().at(events, 1200).seq).toBe(1200);
    expect(worldAt(events, 50).seq).toBe(0);
  });
});
