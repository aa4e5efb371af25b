/**
 * Every op and every event kind of protocol v1 on real loopback sockets, once
 * per address family. The test client validates every frame it receives with
 * the shared zod schemas, so every event here also has the documented shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_KINDS, OPS } from '../../shared/protocol';
import { TEACHER_OPS } from '../../shared/class';
import { loopback, openSocket } from '../testing/scenarios';
import { startTestServer, type TestServer } from '../testing/server';

/**
 * The compare feature's own ops and events are covered by server/compare (and the wire's by
 * server/capture); the class's, which need a server started with --class, by server/class.
 */
const COMPARE = new Set<string>([
  ...TEACHER_OPS,
  'class-join',
  'publish',
  'unpublish',
  'directory-lookup',
  'roster',
  'directory',
  'class-state',
  'class-peer',
  'compare',
  'compare-stop',
  'compare-started',
  'compare-ended',
  'link',
  'retransmit',
  'segment',
  'datagram',
  'icmp',
  'capture',
]);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ kernelPollMs: 20 });
});
afterAll(() => server.close());

describe.each([4, 6] as const)('IPv%i', (family) => {
  it('every op, and every event kind, on real sockets', async () => {
    const c = await server.client();
    const lo = loopback(family);
    const used = new Set<string>(['hello']);
    const run = async <T>(op: string, p: Promise<T>) => {
      used.add(op);
      return p;
    };
    await run('lookup', c.ok({ op: 'lookup', host: lo }));
    await run('service', c.ok({ op: 'service', name: 'echo', proto: 'udp' }));

    const l = await run('socket', openSocket(c, 'tcp', family, 'standard'));
    await run('bind', c.ok({ op: 'bind', socket: l, address: lo, port: 0 }));
    const { local } = await run('listen', c.ok({ op: 'listen', socket: l }));
    const d = await openSocket(c, 'tcp', family, 'appelant');
    await run('connect', c.ok({ op: 'connect', socket: d, host: lo, port: local.port }));
    const acc = (await c.waitFor('accepted', (e) => e.socket === l)).child;
    await c.waitFor('connected', (e) => e.socket === d);
    await run('pause', c.ok({ op: 'pause', socket: acc }));
    await run('send', c.ok({ op: 'send', socket: d, data: { text: 'Allô ?' } }));
    await c.waitFor('kernel', (e) => e.socket === acc && e.rxQueue > 0);
    await run('resume', c.ok({ op: 'resume', socket: acc }));
    await c.waitFor('received', (e) => e.socket === acc);
    await run('end', c.ok({ op: 'end', socket: d }));
    await c.waitFor('peer-ended', (e) => e.socket === acc);
    await run('reset', c.ok({ op: 'reset', socket: acc }));
    await c.waitFor('error', (e) => e.socket === d && e.code === 'ECONNRESET');
    await c.waitFor('closed', (e) => e.socket === d);

    const u = await openSocket(c, 'udp', family);
    const v = await openSocket(c, 'udp', family);
    const { local: lv } = await c.ok({ op: 'bind', socket: v, port: 0 });
    await c.ok({ op: 'connect', socket: u, host: lo, port: lv.port });
    await c.ok({ op: 'send', socket: u, data: { base64: 'AAE=' } });
    await c.waitFor('received', (e) => e.socket === v);
    await run('close', c.ok({ op: 'close', socket: u }));
    await c.waitFor('closed', (e) => e.socket === u);
    const fresh = await openSocket(c, 'udp', family);
    await c.ok({ op: 'close', socket: fresh });
    await c.waitFor('closed', (e) => e.socket === fresh);

    expect([...used].sort()).toEqual(OPS.filter((op) => !COMPARE.has(op)).sort());
    const seen = new Set(c.events.map((e) => e.kind));
    expect([...seen].sort()).toEqual(EVENT_KINDS.filter((k) => !COMPARE.has(k)).sort());
    // Every event about an endpoint is of this family.
    for (const e of c.events) {
      if ('local' in e && e.local) expect(e.local.family).toBe(family);
      if ('remote' in e) expect(e.remote.family).toBe(family);
      if (e.kind === 'created') expect(e.family).toBe(family);
    }
  });
});
