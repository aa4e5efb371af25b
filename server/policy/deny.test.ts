/**
 * The policy as a session meets it: forbidden targets and binds are refused with
 * POLICY_DENIED before anything is dialled (no `connecting`, no `sent`), and an
 * allowed name is dialled by the IP literal it was checked as.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupAll } from '../net/lookup';
import type { AlloTestClient } from '../testing/client';
import { listener, openSocket } from '../testing/scenarios';
import { startTestServer, type TestServer } from '../testing/server';

/** A directory for the test: made-up names that resolve elsewhere, without any DNS traffic. */
const NAMES: Record<string, { address: string; family: 4 | 6 }[]> = {
  'evil.test': [{ address: '10.0.0.1', family: 4 }],
  'mixed.test': [
    { address: '127.0.0.1', family: 4 },
    { address: '10.0.0.1', family: 4 },
  ],
  'metadata.test': [{ address: '169.254.169.254', family: 4 }],
  'v6-evil.test': [{ address: 'fd00::1', family: 6 }],
  'rebind.test': [{ address: '127.0.0.1', family: 4 }],
};
const resolve = async (host: string) => {
  const known = NAMES[host];
  if (known) return known;
  // getaddrinfo() itself reads numeric spellings (inet_aton: 127.1, 0x7f.0.0.1, 2130706433) without DNS.
  if (host === 'localhost' || /^[0-9a-fx.]+$/i.test(host)) return lookupAll(host);
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
};

let server: TestServer;
let c: AlloTestClient;
beforeAll(async () => {
  server = await startTestServer({ resolve });
  c = await server.client();
});
afterAll(() => server.close());

const FORBIDDEN_V4 = [
  '0',
  '0.0.0.0',
  '0x0.0.0.0',
  '10.0.0.1',
  '0xa.0.0.1',
  '012.0.0.1',
  '10.1',
  '167772161',
  '169.254.169.254',
  '192.168.1.1',
  '172.16.0.1',
  '100.64.0.1',
  '8.8.8.8',
  '1.1.1.1',
  '224.0.0.1',
  '239.255.255.250',
  '255.255.255.255',
  '240.0.0.1',
  'evil.test',
  'mixed.test',
  'metadata.test',
];
const FORBIDDEN_V6 = [
  '::',
  'fe80::1',
  'fd00::1',
  'ff02::1',
  '2001:db8::1',
  '::ffff:10.0.0.1',
  '::ffff:169.254.169.254',
  'v6-evil.test',
];

describe('forbidden targets', () => {
  const targets: [string, 4 | 6][] = [
    ...FORBIDDEN_V4.map((h): [string, 4] => [h, 4]),
    ...FORBIDDEN_V6.map((h): [string, 6] => [h, 6]),
  ];
  it.each(targets)('TCP connect to %s (IPv%i) is refused and nothing is dialled', async (host, family) => {
    const s = await openSocket(c, 'tcp', family);
    const err = await c.fail({ op: 'connect', socket: s, host, port: 80 });
    expect(err.code).toBe('POLICY_DENIED');
    expect(err.message.length).toBeGreaterThan(20);
    expect(c.kindsOf(s)).toEqual(['created']);
    await c.ok({ op: 'close', socket: s });
  });

  it.each(['255.255.255.255', '224.0.0.251', '10.0.0.1', 'evil.test'])(
    'UDP sendto %s is refused and nothing is sent',
    async (host) => {
      const u = await openSocket(c, 'udp', 4);
      expect(await c.fail({ op: 'send', socket: u, data: { text: 'x' }, to: { host, port: 9999 } })).toMatchObject({
        code: 'POLICY_DENIED',
      });
      expect(await c.fail({ op: 'connect', socket: u, host, port: 9999 })).toMatchObject({ code: 'POLICY_DENIED' });
      expect(c.kindsOf(u)).toEqual(['created']);
      await c.ok({ op: 'close', socket: u });
    },
  );

  it('a name that does not resolve is LOOKUP_FAILED, also without a `connecting` event', async () => {
    const s = await openSocket(c, 'tcp', 4);
    expect(await c.fail({ op: 'connect', socket: s, host: 'nowhere.test', port: 80 })).toMatchObject({
      code: 'LOOKUP_FAILED',
    });
    expect(c.kindsOf(s)).toEqual(['created']);
    await c.ok({ op: 'close', socket: s });
  });
});

describe('forbidden binds', () => {
  const binds: [string, 'tcp' | 'udp', 4 | 6, string | undefined, () => number][] = [
    ['the server’s own port', 'tcp', 4, undefined, () => server.port],
    ['port 80', 'tcp', 4, undefined, () => 80],
    ['port 1023', 'udp', 4, undefined, () => 1023],
    ['0.0.0.0', 'tcp', 4, '0.0.0.0', () => 0],
    ['10.0.0.1', 'udp', 4, '10.0.0.1', () => 0],
    ['::', 'tcp', 6, '::', () => 0],
    ['224.0.0.1', 'udp', 4, '224.0.0.1', () => 0],
    ['a name', 'udp', 4, 'evil.test', () => 0],
  ];
  it.each(binds)('bind to %s is refused', async (_what, proto, family, address, port) => {
    const s = await openSocket(c, proto, family);
    const err = await c.fail({ op: 'bind', socket: s, port: port(), ...(address ? { address } : {}) });
    expect(err.code).toBe('POLICY_DENIED');
    if (proto === 'tcp')
      expect(await c.fail({ op: 'listen', socket: s, port: port(), ...(address ? { address } : {}) })).toMatchObject({
        code: 'POLICY_DENIED',
      });
    expect(c.kindsOf(s)).toEqual(['created']);
    await c.ok({ op: 'close', socket: s });
  });
});

describe('allowed names', () => {
  it('are dialled by the checked IP literal, not looked up again', async () => {
    const { local } = await listener(c, 4);
    const s = await openSocket(c, 'tcp', 4);
    const r = await c.ok({ op: 'connect', socket: s, host: 'rebind.test', port: local.port });
    expect(r.remote).toEqual({ address: '127.0.0.1', port: local.port, family: 4 });
    expect((await c.waitFor('connecting', (e) => e.socket === s)).remote.address).toBe('127.0.0.1');
    await c.waitFor('connected', (e) => e.socket === s);
  });

  it('odd spellings of loopback reach loopback', async () => {
    const { local } = await listener(c, 4);
    for (const host of ['127.1', '0x7f.0.0.1', '2130706433', '017700000001']) {
      const s = await openSocket(c, 'tcp', 4);
      const r = await c.ok({ op: 'connect', socket: s, host, port: local.port });
      expect(r.remote.address).toBe('127.0.0.1');
      await c.waitFor('connected', (e) => e.socket === s);
      await c.ok({ op: 'close', socket: s });
    }
  });
});
