import { describe, expect, it } from 'vitest';
import { emptyWorld, reduceWorld, type SocketState } from '../../../shared/world';
import { actionsFor } from './actions';
import { cCall, socketCall } from './cCalls';
import { checkHost, checkMessage, checkPort } from './validate';

function socket(overrides: Partial<SocketState>): SocketState {
  const w = reduceWorld(emptyWorld(), { seq: 1, t: 0, kind: 'created', socket: 's1', proto: 'tcp', family: 4 });
  return { ...w.sockets.s1!, ...overrides };
}

describe('actionsFor', () => {
  it('offers only what the phase allows', () => {
    expect(actionsFor(socket({}))).toEqual(['bind', 'listen', 'connect', 'close']);
    expect(actionsFor(socket({ phase: 'listening' }))).toEqual(['close']);
    expect(actionsFor(socket({ phase: 'connected' }))).toEqual(['send', 'end', 'pause', 'reset', 'close']);
    expect(actionsFor(socket({ phase: 'connected', paused: true }))).toContain('resume');
    expect(actionsFor(socket({ phase: 'half-closed' }))).not.toContain('send');
    expect(actionsFor(socket({ phase: 'peer-half-closed' }))).toContain('send');
    expect(actionsFor(socket({ phase: 'closed', open: false }))).toEqual([]);
  });
  it('UDP has no listen and can send before connect (sendto)', () => {
    expect(actionsFor(socket({ proto: 'udp' }))).toEqual(['bind', 'send', 'connect', 'close']);
    expect(actionsFor(socket({ proto: 'udp', phase: 'connected' }))).toEqual(['send', 'close']);
  });
  it('a socket that survived an error offers what it offered before', () => {
    expect(actionsFor(socket({ phase: 'error', phaseBeforeError: 'created' }))).toContain('listen');
    expect(actionsFor(socket({ phase: 'error', open: false }))).toEqual([]);
  });
});

describe('cCall', () => {
  it('shows the BSD call', () => {
    expect(socketCall(6, 'udp')).toBe('int fd = socket(AF_INET6, SOCK_DGRAM, 0);');
    expect(cCall('connect', 4, { host: '127.0.0.1', port: '5000' }).at(-1)).toBe(
      'connect(fd, (struct sockaddr *)&addr, sizeof addr);',
    );
    expect(cCall('connect', 4, { host: '127.0.0.1', port: '5000' })[0]).toContain('htons(5000)');
    expect(cCall('end', 4)).toEqual(['shutdown(fd, SHUT_WR);']);
    expect(cCall('send', 4, { bytes: 5, sendto: true }).at(-1)).toMatch(/^sendto\(fd, buf, 5, 0,/);
  });
});

describe('validation', () => {
  it('checks ports by use', () => {
    expect(checkPort('', 'local')).toEqual({ ok: true, value: 0 });
    expect(checkPort('80', 'local', 1024)).toMatchObject({
      ok: false,
      problem: { key: 'problem.portLocal', values: { min: 1024 } },
    });
    expect(checkPort('8080', 'local')).toEqual({ ok: true, value: 8080 });
    expect(checkPort('0', 'remote')).toMatchObject({ ok: false });
    expect(checkPort('65536', 'remote')).toMatchObject({ ok: false });
    expect(checkPort('12a', 'remote')).toMatchObject({ ok: false, problem: { key: 'problem.portNumber' } });
    expect(checkPort('', 'remote')).toMatchObject({ ok: false, problem: { key: 'problem.portRequired' } });
  });
  it('checks hosts', () => {
    expect(checkHost(' localhost ')).toEqual({ ok: true, value: 'localhost' });
    expect(checkHost('')).toMatchObject({ ok: false });
    expect(checkHost('a b')).toMatchObject({ ok: false });
  });
  it('encodes messages and enforces the size limit', () => {
    expect(checkMessage('Allô', 'text', 100)).toEqual({ ok: true, value: { payload: { text: 'Allô' }, bytes: 5 } });
    expect(checkMessage('de ad be ef', 'hex', 100)).toEqual({
      ok: true,
      value: { payload: { base64: '3q2+7w==' }, bytes: 4 },
    });
    expect(checkMessage('abc', 'hex', 100)).toMatchObject({ ok: false, problem: { key: 'problem.hexPairs' } });
    expect(checkMessage('3q2+7w==', 'base64', 100)).toMatchObject({ ok: true, value: { bytes: 4 } });
    expect(checkMessage('abcde', 'text', 4)).toMatchObject({
      ok: false,
      problem: { key: 'problem.messageTooBig', values: { bytes: 5, max: 4 } },
    });
    expect(checkMessage('', 'text', 4)).toMatchObject({ ok: false, problem: { key: 'problem.messageEmpty' } });
  });
});

describe('suggestTarget', () => {
  it('proposes the newest listener for TCP and another mailbox for UDP', async () => {
    const { suggestTarget } = await import('./defaults');
    const { worldAt } = await import('../../../shared/world');
    const ep = (port: number) => ({ address: '127.0.0.1', port, family: 4 as const });
    const w = worldAt(
      [
        { seq: 1, t: 0, kind: 'created', socket: 'l', proto: 'tcp', family: 4 },
        { seq: 2, t: 0, kind: 'listening', socket: 'l', local: ep(5000), backlog: 1 },
        { seq: 3, t: 0, kind: 'created', socket: 'c', proto: 'tcp', family: 4 },
        { seq: 4, t: 0, kind: 'created', socket: 'u1', proto: 'udp', family: 4 },
        { seq: 5, t: 0, kind: 'bound', socket: 'u1', local: ep(6000) },
        { seq: 6, t: 0, kind: 'created', socket: 'u2', proto: 'udp', family: 4 },
      ],
      9,
    );
    expect(suggestTarget(w, w.sockets.c!)).toEqual({ host: '127.0.0.1', port: '5000' });
    expect(suggestTarget(w, w.sockets.u2!)).toEqual({ host: '127.0.0.1', port: '6000' });
    expect(suggestTarget(w, w.sockets.u1!)).toEqual({ host: '127.0.0.1', port: '' });
  });
});
