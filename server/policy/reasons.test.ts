/**
 * Every refusal of the policy carries a stable sub-code (`error.reason`), so the
 * page can say the specific reason in its own language: the server's own port is
 * not "loopback only", a broadcast address is not "not on this machine".
 */
import { describe, expect, it } from 'vitest';
import type { ResolvedAddress } from '../net/lookup';
import { createTargetPolicy } from './targets';

const SERVER_PORT = 3000;
const NAMES: Record<string, ResolvedAddress[]> = {
  'public.example': [{ address: '8.8.8.8', family: 4 }],
  'odd.example': [{ address: 'not-an-ip', family: 4 }],
  'empty.example': [],
  'v6only.example': [{ address: '::1', family: 6 }],
};
const policy = () =>
  createTargetPolicy({
    allow: [],
    serverPort: () => SERVER_PORT,
    broadcasts: ['192.168.1.255'],
    resolve: async (host) => {
      const r = NAMES[host];
      if (!r) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      return r;
    },
  });

describe('policy refusals carry a reason', () => {
  it.each([
    ['8.8.8.8', 80, undefined, 'POLICY_DENIED', 'not-loopback'],
    ['public.example', 80, undefined, 'POLICY_DENIED', 'not-loopback'],
    ['255.255.255.255', 9, undefined, 'POLICY_DENIED', 'broadcast'],
    ['192.168.1.255', 9, undefined, 'POLICY_DENIED', 'broadcast'],
    ['224.0.0.1', 9, undefined, 'POLICY_DENIED', 'multicast'],
    ['0.0.0.0', 9, undefined, 'POLICY_DENIED', 'any-address'],
    ['127.0.0.1', 0, undefined, 'POLICY_DENIED', 'bad-port'],
    ['odd.example', 80, undefined, 'POLICY_DENIED', 'not-ip'],
    ['nowhere.example', 80, undefined, 'LOOKUP_FAILED', 'not-found'],
    ['empty.example', 80, undefined, 'LOOKUP_FAILED', 'no-address'],
    ['v6only.example', 80, 4, 'LOOKUP_FAILED', 'family-mismatch'],
  ] as const)('target %s:%i → %s/%s', async (host, port, family, code, reason) => {
    const r = await policy().checkTarget(host, port, family);
    expect(r.ok ? undefined : [r.error.code, r.error.reason]).toEqual([code, reason]);
  });

  it.each([
    [undefined, SERVER_PORT, 4, 'own-port'],
    [undefined, 80, 4, 'privileged-port'],
    [undefined, 70000, 4, 'bad-port'],
    ['0.0.0.0', 5000, 4, 'any-address'],
    ['10.0.0.1', 5000, 4, 'not-loopback'],
    ['255.255.255.255', 5000, 4, 'broadcast'],
    ['224.0.0.1', 5000, 4, 'multicast'],
    ['example.com', 5000, 4, 'bind-name'],
    ['::1', 5000, 4, 'family-mismatch'],
  ] as const)('bind %s:%i (IPv%i) → POLICY_DENIED/%s', (address, port, family, reason) => {
    const r = policy().checkBind(address, port, family);
    expect(r.ok ? undefined : [r.error.code, r.error.reason]).toEqual(['POLICY_DENIED', reason]);
  });
});
