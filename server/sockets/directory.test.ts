/** `lookup` (getaddrinfo) and `service` (getservbyname) through a session. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupAll } from '../net/lookup';
import { startTestServer, type TestServer } from '../testing/server';

let server: TestServer;
beforeAll(async () => {
  // No DNS traffic in tests: made-up names fail, real lookups only for localhost and literals.
  server = await startTestServer({
    resolve: async (host) => {
      if (host === 'localhost' || host.includes(':') || /^[0-9.]+$/.test(host)) return lookupAll(host);
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND', syscall: 'getaddrinfo' });
    },
  });
});
afterAll(() => server.close());

describe('directory ops', () => {
  it('lookup gives every address of both families, as an event and a result', async () => {
    const c = await server.client();
    const expected = await lookupAll('localhost');
    const r = await c.ok({ op: 'lookup', host: 'localhost' });
    expect(r).toEqual({ host: 'localhost', addresses: expected });
    expect(r.addresses.map((a) => a.address)).toContain('127.0.0.1');
    expect(await c.waitFor('lookup')).toMatchObject({ host: 'localhost', addresses: expected });
    expect((await c.ok({ op: 'lookup', host: '::1' })).addresses).toEqual([{ address: '::1', family: 6 }]);
  });

  it('a name not in the directory is LOOKUP_FAILED with the errno', async () => {
    const c = await server.client();
    const err = await c.fail({ op: 'lookup', host: 'nowhere.test' });
    expect(err).toMatchObject({
      code: 'LOOKUP_FAILED',
      syscall: 'getaddrinfo',
      message: expect.stringMatching(/ENOTFOUND/),
    });
    expect(c.events.filter((e) => e.kind === 'lookup')).toHaveLength(0);
  });

  it('service finds the well-known port, or says it does not know the name', async () => {
    const c = await server.client();
    const r = await c.ok({ op: 'service', name: 'http', proto: 'tcp' });
    expect(r).toMatchObject({ name: 'http', proto: 'tcp', port: 80 });
    expect(await c.waitFor('service')).toMatchObject({ name: 'http', proto: 'tcp', port: 80, source: r.source });
    expect((await c.ok({ op: 'service', name: 'domain', proto: 'udp' })).port).toBe(53);
    expect(await c.fail({ op: 'service', name: 'no-such-service', proto: 'tcp' })).toMatchObject({
      code: 'LOOKUP_FAILED',
    });
  });
});
