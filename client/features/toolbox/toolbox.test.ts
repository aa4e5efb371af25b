import { describe, expect, it } from 'vitest';
import { emptyWorld, reduceWorld, type SocketState } from '../../../shared/world';
import { ACTIONS, actionsFor } from './actions';
import { previewLines, previewSocket } from './preview';
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

describe('the C preview (printed by shared/codegen)', () => {
  const values = { host: '127.0.0.1', port: 5000, backlog: 16, payload: { text: 'hello' } };
  it('shows the call the code view will add, with the socket named as the code view names it', () => {
    const s = socket({ label: 'client' });
    const history = [
      { seq: 1, t: 0, kind: 'created', socket: 's1', proto: 'tcp', family: 4, label: 'client' } as const,
    ];
    expect(previewLines('connect', s, values, history, 'en')).toEqual([
      'len = make_addr(&addr, "127.0.0.1", 5000);',
      'if (connect(client, (struct sockaddr *)&addr, len) < 0) perror("connect");',
    ]);
    expect(previewSocket([], 'udp', 6, '', 'en')[0]).toBe('int s1 = socket(AF_INET6, SOCK_DGRAM, 0);');
    expect(previewSocket(history, 'tcp', 4, 'server', 'en')[0]).toBe('int server = socket(AF_INET, SOCK_STREAM, 0);');
  });
  it('a host name is looked up with getaddrinfo(), never given to inet_pton()', () => {
    const lines = previewLines('connect', socket({}), { ...values, host: 'localhost' }, [], 'en').join('\n');
    expect(lines).toContain('len = resolve_addr(&addr, "localhost", 5000, AF_INET);');
    expect(lines).not.toContain('inet_pton');
  });
  it('UDP: the button says sendto() when the preview does (unconnected), send() once connected', () => {
    const udp = socket({ proto: 'udp' });
    expect(ACTIONS.send.apiKey(udp)).toBe('action.send.apiTo');
    expect(previewLines('send', udp, values, [], 'en').at(-1)).toMatch(/^if \(sendto\(s1, "hello", 5, 0,/);
    const connected = socket({ proto: 'udp', remote: { address: '127.0.0.1', port: 5000, family: 4 } });
    expect(ACTIONS.send.apiKey(connected)).toBe('action.send.api');
    expect(previewLines('send', connected, values, [], 'en')).toEqual([
      'if (send(s1, "hello", 5, 0) < 0) perror("send");',
    ]);
  });
  it('pause adds nothing to the program, and says so', () => {
    expect(previewLines('pause', socket({ phase: 'connected' }), values, [], 'fr')[0]).toMatch(/^\/\* \(rien de plus/);
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
