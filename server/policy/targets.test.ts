/**
 * The target/bind policy, pure: no packet leaves the machine. Names go to an
 * injected directory; numeric spellings (`0xa.0.0.1`, `2130706433`) go to the real
 * getaddrinfo(), which glibc answers with inet_aton() before any name service —
 * so the refusals below are made on the address the system itself computes.
 */
import { describe, expect, it } from 'vitest';
import { lookupAll, type ResolvedAddress } from '../net/lookup';
import { createTargetPolicy, type TargetPolicyOptions } from './targets';

const SERVER_PORT = 3000;
const NUMERIC = /^(0x[0-9a-f]*|\d+)(\.(0x[0-9a-f]*|\d+))*$/i;

const DIRECTORY: Record<string, ResolvedAddress[]> = {
  'metadata.example': [{ address: '169.254.169.254', family: 4 }],
  'public.example': [{ address: '8.8.8.8', family: 4 }],
  'lan.example': [{ address: '192.168.1.20', family: 4 }],
  'split.example': [
    { address: '127.0.0.1', family: 4 },
    { address: '10.0.0.1', family: 4 },
  ],
  'split6.example': [
    { address: '::1', family: 6 },
    { address: '2001:db8::1', family: 6 },
  ],
  'mapped.example': [{ address: '::ffff:10.0.0.1', family: 6 }],
  'any.example': [{ address: '0.0.0.0', family: 4 }],
  'group.example': [{ address: '239.1.2.3', family: 4 }],
  'empty.example': [],
  'dual.example': [
    { address: '::1', family: 6 },
    { address: '127.0.0.1', family: 4 },
  ],
  'loop2.example': [{ address: '127.0.0.2', family: 4 }],
};

/** The injected directory for names; the real resolver only for numeric spellings, and `localhost`. */
async function resolve(host: string): Promise<ResolvedAddress[]> {
  if (NUMERIC.test(host) || host === 'localhost') return lookupAll(host);
  const found = DIRECTORY[host];
  if (found) return found;
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
}

const policy = (extra: Partial<TargetPolicyOptions> = {}) =>
  createTargetPolicy({ allow: [], serverPort: () => SERVER_PORT, resolve, broadcasts: ['192.168.1.255'], ...extra });

type Row = [host: string, port: number, code: 'POLICY_DENIED' | 'LOOKUP_FAILED', mentions: string];
const FORBIDDEN_TARGETS: Row[] = [
  ['169.254.169.254', 80, 'POLICY_DENIED', '169.254.169.254'],
  ['10.0.0.1', 80, 'POLICY_DENIED', '10.0.0.1'],
  ['172.16.0.1', 80, 'POLICY_DENIED', '172.16.0.1'],
  ['192.168.1.1', 80, 'POLICY_DENIED', '192.168.1.1'],
  ['100.64.0.1', 80, 'POLICY_DENIED', '100.64.0.1'],
  ['8.8.8.8', 53, 'POLICY_DENIED', '8.8.8.8'],
  ['224.0.0.1', 9, 'POLICY_DENIED', 'multicast'],
  ['239.255.255.250', 1900, 'POLICY_DENIED', 'multicast'],
  ['255.255.255.255', 9, 'POLICY_DENIED', 'broadcast'],
  ['192.168.1.255', 9, 'POLICY_DENIED', 'broadcast'],
  ['0.0.0.0', 7, 'POLICY_DENIED', 'any address'],
  ['127.255.255.255', 7007, 'POLICY_DENIED', 'broadcast'],
  ['127.0.0.1', SERVER_PORT, 'POLICY_DENIED', "Allô's own port"],
  ['::1', SERVER_PORT, 'POLICY_DENIED', "Allô's own port"],
  ['127.0.0.1', 22, 'POLICY_DENIED', '--allow-port 22'],
  ['localhost', 5432 - 5000, 'POLICY_DENIED', 'system service'],
  ['::', 7, 'POLICY_DENIED', 'any address'],
  ['fe80::1', 7, 'POLICY_DENIED', 'fe80::1'],
  ['fe80::1%lo', 7, 'POLICY_DENIED', 'fe80::1'],
  ['ff02::1', 7, 'POLICY_DENIED', 'multicast'],
  ['2001:db8::1', 7, 'POLICY_DENIED', '2001:db8::1'],
  ['2001:DB8:0:0:0:0:0:1', 7, 'POLICY_DENIED', '2001:db8::1'],
  ['fd00::1', 7, 'POLICY_DENIED', 'fd00::1'],
  ['64:ff9b::7f00:1', 7, 'POLICY_DENIED', '64:ff9b::7f00:1'], // NAT64 spelling of 127.0.0.1: not this machine
  ['::127.0.0.1', 7, 'POLICY_DENIED', 'not on this machine'], // IPv4-compatible (deprecated), not mapped: not loopback
  ['::ffff:10.0.0.1', 7, 'POLICY_DENIED', '::ffff:10.0.0.1'],
  ['::ffff:169.254.169.254', 7, 'POLICY_DENIED', '::ffff:169.254.169.254'],
  ['::ffff:0.0.0.0', 7, 'POLICY_DENIED', 'any address'],
  ['::ffff:224.0.0.1', 7, 'POLICY_DENIED', 'multicast'],
  // Odd spellings, canonicalised by the system's own inet_aton():
  ['0', 7, 'POLICY_DENIED', '0.0.0.0'],
  ['0x0', 7, 'POLICY_DENIED', '0.0.0.0'],
  ['0.0', 7, 'POLICY_DENIED', '0.0.0.0'],
  ['0xa.0.0.1', 7, 'POLICY_DENIED', '10.0.0.1'],
  ['012.0.0.1', 7, 'POLICY_DENIED', '10.0.0.1'],
  ['167772161', 7, 'POLICY_DENIED', '10.0.0.1'],
  ['10.1', 7, 'POLICY_DENIED', '10.0.0.1'],
  ['0xA9FEA9FE', 80, 'POLICY_DENIED', '169.254.169.254'],
  ['0251.0376.0251.0376', 80, 'POLICY_DENIED', '169.254.169.254'],
  ['169.254.43518', 80, 'POLICY_DENIED', '169.254.169.254'],
  ['0xffffffff', 9, 'POLICY_DENIED', 'broadcast'],
  ['3758096385', 9, 'POLICY_DENIED', 'multicast'],
  // Names, judged by every address they resolve to:
  ['metadata.example', 80, 'POLICY_DENIED', '169.254.169.254'],
  ['public.example', 80, 'POLICY_DENIED', '8.8.8.8'],
  ['split.example', 80, 'POLICY_DENIED', '10.0.0.1'],
  ['split6.example', 80, 'POLICY_DENIED', '2001:db8::1'],
  ['mapped.example', 80, 'POLICY_DENIED', '::ffff:10.0.0.1'],
  ['any.example', 80, 'POLICY_DENIED', 'any address'],
  ['group.example', 80, 'POLICY_DENIED', 'multicast'],
  ['nowhere.example', 80, 'LOOKUP_FAILED', 'ENOTFOUND'],
  ['empty.example', 80, 'LOOKUP_FAILED', 'no address'],
  // Ports a call cannot go to:
  ['127.0.0.1', 0, 'POLICY_DENIED', 'Port 0'],
  ['127.0.0.1', 65536, 'POLICY_DENIED', 'Port 65536'],
  ['::1', -1, 'POLICY_DENIED', 'Port -1'],
];

describe('checkTarget refuses', () => {
  it('has a table of at least 30 forbidden targets', () => expect(FORBIDDEN_TARGETS.length).toBeGreaterThanOrEqual(30));

  it.each(FORBIDDEN_TARGETS)('%s port %i → %s', async (host, port, code, mentions) => {
    const result = await policy().checkTarget(host, port);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.message).toContain(mentions);
  });

  it('explains a refusal in plain words', async () => {
    const result = await policy().checkTarget('169.254.169.254', 80);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'POLICY_DENIED',
        message:
          '169.254.169.254 is not on this machine: Allô only reaches this machine (loopback: 127.0.0.0/8, ::1) unless the server was started with --allow',
        reason: 'not-loopback',
      },
    });
  });

  it.each(['224.0.0.1', '255.255.255.255', 'ff02::1', '192.168.1.255', '0.0.0.0', '::'])(
    'refuses %s even when everything is allowed',
    async (host) => {
      const result = await policy({ allow: ['0.0.0.0/0', '::/0'] }).checkTarget(host, 9);
      expect(result.ok).toBe(false);
    },
  );

  it('refuses a literal of the other family with LOOKUP_FAILED, as getaddrinfo would', async () => {
    const p = policy();
    expect(await p.checkTarget('127.0.0.1', 7007, 6)).toMatchObject({ ok: false, error: { code: 'LOOKUP_FAILED' } });
    expect(await p.checkTarget('::1', 7007, 4)).toMatchObject({ ok: false, error: { code: 'LOOKUP_FAILED' } });
    expect(await p.checkTarget('loop2.example', 7007, 6)).toMatchObject({
      ok: false,
      error: { code: 'LOOKUP_FAILED' },
    });
  });
});

describe('checkTarget allows loopback and returns the literal to dial', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1', 4],
    ['127.0.0.2', '127.0.0.2', 4],
    ['127.255.255.254', '127.255.255.254', 4],
    ['::1', '::1', 6],
    ['0:0:0:0:0:0:0:1', '::1', 6],
    ['::ffff:127.0.0.1', '::ffff:127.0.0.1', 6],
    ['::FFFF:7f00:1', '::ffff:127.0.0.1', 6],
    ['127.1', '127.0.0.1', 4],
    ['0x7f.0.0.1', '127.0.0.1', 4],
    ['0x7f000001', '127.0.0.1', 4],
    ['2130706433', '127.0.0.1', 4],
    ['017700000001', '127.0.0.1', 4],
    ['0177.0.0.1', '127.0.0.1', 4],
    ['loop2.example', '127.0.0.2', 4],
  ] as const)('%s → %s', async (host, address, family) => {
    expect(await policy().checkTarget(host, 7007)).toEqual({ ok: true, address, family });
  });

  it('resolves localhost to a loopback literal', async () => {
    const result = await policy().checkTarget('localhost', 8080);
    expect(result.ok).toBe(true);
    if (result.ok) expect(['127.0.0.1', '::1']).toContain(result.address);
  });

  it('picks the address of the requested family, else the first in resolver order', async () => {
    const p = policy();
    expect(await p.checkTarget('dual.example', 7007)).toEqual({ ok: true, address: '::1', family: 6 });
    expect(await p.checkTarget('dual.example', 7007, 4)).toEqual({ ok: true, address: '127.0.0.1', family: 4 });
    expect(await p.checkTarget('dual.example', 7007, 6)).toEqual({ ok: true, address: '::1', family: 6 });
  });

  it('never asks the resolver about an IP literal', async () => {
    const asked: string[] = [];
    const p = policy({ resolve: async (host) => (asked.push(host), resolve(host)) });
    await p.checkTarget('127.0.0.1', 7);
    await p.checkTarget('::1', 7);
    await p.checkTarget('10.0.0.1', 7);
    expect(asked).toEqual([]);
  });
});

describe('--allow opts targets in', () => {
  it('by CIDR, for both families, and nothing outside it', async () => {
    const p = policy({ allow: ['10.0.0.0/8', 'fd00::/8'] });
    expect(await p.checkTarget('10.0.0.1', 80)).toEqual({ ok: true, address: '10.0.0.1', family: 4 });
    expect(await p.checkTarget('0xa.0.0.1', 80)).toEqual({ ok: true, address: '10.0.0.1', family: 4 });
    expect(await p.checkTarget('::ffff:10.1.2.3', 80)).toEqual({ ok: true, address: '::ffff:10.1.2.3', family: 6 });
    expect(await p.checkTarget('fd00::1', 80)).toEqual({ ok: true, address: 'fd00::1', family: 6 });
    expect(await p.checkTarget('split.example', 8080)).toEqual({ ok: true, address: '127.0.0.1', family: 4 });
    expect((await p.checkTarget('11.0.0.1', 80)).ok).toBe(false);
    expect((await p.checkTarget('192.168.1.1', 80)).ok).toBe(false);
    expect(p.describe()).toEqual({
      allow: ['10.0.0.0/8', 'fd00::/8'],
      loopbackOnly: false,
      minPort: 1024,
      allowPorts: [],
    });
  });

  it('by single address and by host name (that name only)', async () => {
    const p = policy({ allow: ['192.168.1.1', 'LAN.example.'] });
    expect((await p.checkTarget('192.168.1.1', 80)).ok).toBe(true);
    expect((await p.checkTarget('192.168.1.2', 80)).ok).toBe(false);
    expect(await p.checkTarget('lan.example', 80)).toEqual({ ok: true, address: '192.168.1.20', family: 4 });
    expect((await p.checkTarget('192.168.1.20', 80)).ok).toBe(false);
  });

  it.each(['10.0.0.0/33', '10.0.0.0/x', '::/129', 'not a host!', '127.1', '0x7f.1', '10.0.0.0/'])(
    'rejects the malformed entry %s at start-up',
    (entry) => {
      expect(() => policy({ allow: [entry] })).toThrow(/--allow/);
    },
  );

  it('is loopback only by default', () => {
    expect(policy().describe()).toEqual({ allow: [], loopbackOnly: true, minPort: 1024, allowPorts: [] });
  });
});

describe('checkBind', () => {
  const FORBIDDEN_BINDS: [address: string | undefined, port: number, family: 4 | 6, mentions: string][] = [
    [undefined, SERVER_PORT, 4, "Allô's own port"],
    ['::1', SERVER_PORT, 6, "Allô's own port"],
    [undefined, 80, 4, 'below 1024'],
    [undefined, 1023, 6, 'below 1024'],
    [undefined, 1, 4, 'below 1024'],
    [undefined, 65536, 4, 'does not exist'],
    [undefined, -1, 4, 'does not exist'],
    ['0.0.0.0', 5000, 4, 'every network interface'],
    ['::', 5000, 6, 'every network interface'],
    ['10.0.0.1', 5000, 4, 'not a loopback address'],
    ['192.168.1.1', 5000, 4, 'not a loopback address'],
    ['fe80::1', 5000, 6, 'not a loopback address'],
    ['224.0.0.1', 5000, 4, 'multicast'],
    ['255.255.255.255', 5000, 4, 'broadcast'],
    ['ff02::1', 5000, 6, 'multicast'],
    ['example.com', 5000, 4, 'not to a name'],
    ['127.1', 5000, 4, 'not to a name'],
    ['::1', 5000, 4, 'this socket is IPv4'],
    ['127.0.0.1', 5000, 6, 'this socket is IPv6'],
  ];

  it.each(FORBIDDEN_BINDS)('refuses %s port %i (IPv%i)', (address, port, family, mentions) => {
    const result = policy().checkBind(address, port, family);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('POLICY_DENIED');
    expect(result.error.message).toContain(mentions);
  });

  it.each([
    [undefined, 0, 4, '127.0.0.1'],
    [undefined, 0, 6, '::1'],
    [undefined, 1024, 4, '127.0.0.1'],
    [undefined, 65535, 6, '::1'],
    ['localhost', 5000, 4, '127.0.0.1'],
    ['localhost', 5000, 6, '::1'],
    ['127.0.0.2', 5000, 4, '127.0.0.2'],
    ['0:0::1', 5000, 6, '::1'],
    ['::ffff:127.0.0.1', 5000, 6, '::ffff:127.0.0.1'],
  ] as const)('allows %s port %i (IPv%i) as %s', (address, port, family, expected) => {
    expect(policy().checkBind(address, port, family)).toEqual({ ok: true, address: expected });
  });

  it('allows port 0 even while the server port is unknown (0)', () => {
    expect(policy({ serverPort: () => 0 }).checkBind(undefined, 0, 4)).toEqual({ ok: true, address: '127.0.0.1' });
  });

  it('binds inside an --allow CIDR, never to multicast', () => {
    const p = policy({ allow: ['10.0.0.0/8', '0.0.0.0/0'] });
    expect(p.checkBind('10.1.2.3', 5000, 4)).toEqual({ ok: true, address: '10.1.2.3' });
    expect(p.checkBind('0.0.0.0', 5000, 4)).toEqual({ ok: true, address: '0.0.0.0' });
    expect(p.checkBind('224.0.0.1', 5000, 4).ok).toBe(false);
    expect(p.checkBind(undefined, 80, 4).ok).toBe(false);
  });
});
