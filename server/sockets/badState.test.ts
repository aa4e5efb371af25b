/** BAD_STATE carries a stable reason, so the page says the specific refusal in its own language. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorReasons } from '../../shared/protocol';
import { listener, openSocket } from '../testing/scenarios';
import { startTestServer, type TestServer } from '../testing/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('BAD_STATE reasons', () => {
  it('each refusal of a real socket names its situation, one of the documented reasons', async () => {
    const c = await server.client();
    const u = await openSocket(c, 'udp', 4);
    const t = await openSocket(c, 'tcp', 4);
    const { socket: l, local } = await listener(c, 4);
    const seen = [
      await c.fail({ op: 'send', socket: u, data: { text: 'x' } }),
      await c.fail({ op: 'listen', socket: u }),
      await c.fail({ op: 'send', socket: t, data: { text: 'x' } }),
      await c.fail({ op: 'end', socket: t }),
      await c.fail({ op: 'connect', socket: l, host: '127.0.0.1', port: local.port }),
      await c.fail({ op: 'listen', socket: l }),
    ];
    expect(seen.map((e) => [e.code, e.reason])).toEqual([
      ['BAD_STATE', 'no-peer'],
      ['BAD_STATE', 'udp-listen'],
      ['BAD_STATE', 'not-connected'],
      ['BAD_STATE', 'tcp-call-only'],
      ['BAD_STATE', 'listening'],
      ['BAD_STATE', 'already-listening'],
    ]);
    await c.ok({ op: 'close', socket: u });
    expect(await c.fail({ op: 'send', socket: u, data: { text: 'x' } })).toMatchObject({ reason: 'closed' });
    for (const e of seen) expect(ErrorReasons.BAD_STATE).toContain(e.reason);
    await c.close();
  });
});
