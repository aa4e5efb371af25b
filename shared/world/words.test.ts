/**
 * Issue 9 in the reducer: why a socket closed, the FIN or RST its close() put on
 * the wire, the kernel's states after close, and peers that are not phantoms.
 */
import { describe, expect, it } from 'vitest';
import type { Endpoint, Event, EventInput } from '../protocol';
import { farEnd, kernelTimeLeft, lingersInKernel, worldAt } from '../world';

const ep = (port: number): Endpoint => ({ address: '127.0.0.1', port, family: 4 });
const session = (...inputs: EventInput[]): Event[] => inputs.map((e, i) => ({ ...e, seq: i + 1, t: i * 10 }) as Event);

const call = (): EventInput[] => [
  { kind: 'created', socket: 's1', proto: 'tcp', family: 4 },
  { kind: 'listening', socket: 's1', local: ep(5000), backlog: 16 },
  { kind: 'created', socket: 's2', proto: 'tcp', family: 4 },
  { kind: 'connecting', socket: 's2', remote: ep(5000), local: ep(40000) },
  { kind: 'accepted', socket: 's1', child: 's3', local: ep(5000), remote: ep(40000) },
  { kind: 'created', socket: 's3', proto: 'tcp', family: 4, parent: 's1' },
];

describe('closed: cause, FIN, RST', () => {
  it('keeps the cause of each close, and a close() that sent FIN has said goodbye', () => {
    const w = worldAt(
      session(
        ...call(),
        { kind: 'connected', socket: 's2', local: ep(40000), remote: ep(5000) },
        { kind: 'closed', socket: 's2', hadError: false, cause: 'user', fin: true },
        { kind: 'peer-ended', socket: 's3' },
        { kind: 'closed', socket: 's3', hadError: false, cause: 'node' },
      ),
      99,
    );
    expect(w.sockets.s2).toMatchObject({ phase: 'closed', closeCause: 'user', closeSent: 'FIN', finSent: true });
    expect(w.sockets.s3).toMatchObject({ phase: 'closed', closeCause: 'node' });
    expect(w.sockets.s3?.closeSent).toBeUndefined();
  });

  it('a close() that made the kernel send RST shows the slammed-down phone on the closing side', () => {
    const w = worldAt(
      session(...call(), { kind: 'closed', socket: 's3', hadError: false, cause: 'user', rst: true }),
      99,
    );
    expect(w.sockets.s3).toMatchObject({ phase: 'reset', closeSent: 'RST', open: false });
  });

  it('a peer reset and an error are told apart', () => {
    const w = worldAt(
      session(
        ...call(),
        { kind: 'error', socket: 's2', code: 'ECONNRESET', syscall: 'read', message: 'm' },
        { kind: 'closed', socket: 's2', hadError: true, cause: 'peer-reset' },
      ),
      99,
    );
    expect(w.sockets.s2).toMatchObject({ phase: 'error', closeCause: 'peer-reset' });
  });
});

describe('the kernel after close', () => {
  it('a closed call in TIME_WAIT lingers, with its time left counting from the sample, until CLOSED', () => {
    const events = session(
      ...call(),
      { kind: 'closed', socket: 's2', hadError: false, cause: 'user', fin: true },
      { kind: 'kernel', socket: 's2', state: 'TIME_WAIT', txQueue: 0, rxQueue: 0, timerMs: 59_000, afterClose: true },
      { kind: 'sent', socket: 's3', bytes: 1, offset: 0, data: { base64: 'eA==' } },
      { kind: 'kernel', socket: 's2', state: 'CLOSED', txQueue: 0, rxQueue: 0, afterClose: true },
    );
    const tw = worldAt(events, 8);
    expect(lingersInKernel(tw.sockets.s2!)).toBe(true);
    expect(kernelTimeLeft(tw.sockets.s2!, tw.t)).toBe(59_000);
    const later = worldAt(events, 9);
    expect(kernelTimeLeft(later.sockets.s2!, later.t)).toBe(58_990);
    expect(lingersInKernel(worldAt(events, 99).sockets.s2!)).toBe(false);
    // An open socket in FIN_WAIT2 (it said goodbye with shutdown) is no ghost.
    const open = worldAt(
      session(...call(), { kind: 'kernel', socket: 's2', state: 'FIN_WAIT2', txQueue: 0, rxQueue: 0 }),
      99,
    );
    expect(lingersInKernel(open.sockets.s2!)).toBe(false);
  });
});

describe('no phantom peers', () => {
  it('mid-handshake, the accepted call and its dialler are one call of the session, not a peer outside', () => {
    const w = worldAt(session(...call()), 99);
    expect(w.connections).toEqual([{ id: 's2~s3', caller: 's2', callee: 's3', seq: 5 }]);
    expect(farEnd(w, w.sockets.s3!)).toBe('session');
  });

  it('an old recording without the dialler’s local number: still the session’s own dialler', () => {
    const events = call().map((e) => (e.kind === 'connecting' ? { ...e, local: undefined } : e));
    const w = worldAt(session(...(events as EventInput[])), 99);
    expect(farEnd(w, w.sockets.s3!)).toBe('session');
  });

  it('a compare run’s calls go through Allô’s relay, not to a program outside', () => {
    const w = worldAt(
      session(
        ...call(),
        { kind: 'created', socket: 's4', proto: 'udp', family: 4 },
        { kind: 'created', socket: 's5', proto: 'udp', family: 4 },
        {
          kind: 'compare-started',
          run: 'r1',
          script: { count: 1, size: 1, intervalMs: 1 },
          link: { lossPct: 0, delayMs: 0, jitterMs: 0, reorderPct: 0 },
          tcp: { listener: 's1', sender: 's2' },
          udp: { receiver: 's4', sender: 's5' },
          relays: { tcp: ep(6000), udp: ep(6001) },
        } as unknown as EventInput,
      ),
      99,
    );
    expect(farEnd(w, w.sockets.s3!)).toBe('relay');
    expect(farEnd(w, w.sockets.s2!)).toBe('relay');
  });

  it('a call from a program outside is outside', () => {
    const w = worldAt(
      session(
        { kind: 'created', socket: 's1', proto: 'tcp', family: 4 },
        { kind: 'listening', socket: 's1', local: ep(5000), backlog: 16 },
        { kind: 'accepted', socket: 's1', child: 's3', local: ep(5000), remote: ep(41000) },
      ),
      99,
    );
    expect(farEnd(w, w.sockets.s3!)).toBe('outside');
  });
});

describe('a call to a classmate', () => {
  it('names the far end from `class-peer`, from that event on (stepping back before it shows no name)', () => {
    const events = session(
      { kind: 'created', socket: 's1', proto: 'tcp', family: 4 },
      { kind: 'connecting', socket: 's1', remote: ep(5000), local: ep(40000) },
      { kind: 'connected', socket: 's1', local: ep(40000), remote: ep(5000) },
      { kind: 'class-peer', socket: 's1', peer: 'alice', service: 'alice:echo', remote: ep(5000) },
    );
    expect(worldAt(events, 4).sockets.s1?.classPeer).toEqual({ name: 'alice', service: 'alice:echo' });
    expect(worldAt(events, 3).sockets.s1?.classPeer).toBeUndefined();
  });

  it('keeps the port and the source of a class phone-book answer (a published name is a number and an extension)', () => {
    const w = worldAt(
      session({
        kind: 'lookup',
        host: 'alice:echo',
        addresses: [{ address: '127.0.0.1', family: 4 }],
        source: 'class',
        port: 5000,
      }),
      1,
    );
    expect(w.lookups['alice:echo']).toMatchObject({ source: 'class', port: 5000 });
  });
});
