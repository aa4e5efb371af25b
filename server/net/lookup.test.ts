import { describe, expect, it } from 'vitest';
import { isIP } from 'node:net';
import { lookupAll } from './lookup';

describe('lookupAll', () => {
  it('resolves localhost to loopback addresses only', async () => {
    const addresses = await lookupAll('localhost');
    expect(addresses.length).toBeGreaterThan(0);
    for (const { address, family } of addresses) {
      expect(isIP(address)).toBe(family);
      expect(['127.0.0.1', '::1']).toContain(address);
    }
  });

  it('returns an IP literal as itself, without asking anyone', async () => {
    expect(await lookupAll('127.0.0.2')).toEqual([{ address: '127.0.0.2', family: 4 }]);
    expect(await lookupAll('::1')).toEqual([{ address: '::1', family: 6 }]);
  });

  it('passes the resolver errno name through', async () => {
    // A 64-character label cannot be encoded in a DNS query (labels are at most 63
    // bytes), so the resolver fails before sending anything: no traffic leaves the machine.
    const error = await lookupAll(`${'x'.repeat(64)}.invalid`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as NodeJS.ErrnoException).code).toMatch(/^(ENOTFOUND|EAI_AGAIN|EAI_NONAME|ENODATA)$/);
  });
});
