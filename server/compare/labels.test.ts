/** A compare run names its sockets in the page's language when the page says how (`labels`). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

const link = { lossPct: 0, delayMs: 0, jitterMs: 0, reorderPct: 0, duplicatePct: 0, bandwidthKbps: 0, seed: 1 };
const script = { count: 2, size: 16, intervalMs: 5 };

describe('compare labels', () => {
  it('labels the four sockets as the page asked, and in English roles without', async () => {
    const c = await server.client();
    const labels = {
      tcpReceiver: 'TCP appelé',
      tcpSender: 'TCP appelant',
      udpReceiver: 'UDP destinataire',
      udpSender: 'UDP expéditeur',
    };
    const started = await c.ok({ op: 'compare', script, link, labels });
    await c.until(() => c.events.some((e) => e.kind === 'compare-ended'), 'the run ends', 15_000);
    const labelOf = (id: string) => {
      const e = c.events.find((x) => x.kind === 'created' && x.socket === id);
      return e?.kind === 'created' ? e.label : undefined;
    };
    expect([started.tcp.listener, started.tcp.sender, started.udp.receiver, started.udp.sender].map(labelOf)).toEqual(
      Object.values(labels),
    );
    const again = await c.ok({ op: 'compare', script, link });
    expect(labelOf(again.tcp.sender)).toBe('TCP sender');
    await c.close();
  });

  it('refuses a label longer than 40 characters', async () => {
    const c = await server.client();
    const long = 'x'.repeat(41);
    const r = await c.send({
      op: 'compare',
      script,
      link,
      labels: { tcpReceiver: long, tcpSender: 'a', udpReceiver: 'b', udpSender: 'c' },
    });
    expect(r.ok ? 'ok' : r.error.code).toBe('INVALID');
    await c.close();
  });
});
