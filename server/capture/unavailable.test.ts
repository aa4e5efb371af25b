/** Without a capture tool (or the right to use it), welcome says why and how, and everything else works. */
import { afterAll, describe, expect, it } from 'vitest';
import { tcpCall } from '../testing/scenarios';
import { type TestServer, startTestServer } from '../testing/server';

describe('capture unavailable', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  it('says the tool is missing, the command that installs and enables it, and the calls still work', async () => {
    const server = await startTestServer({ capture: { enabled: true, tool: '/nonexistent/tcpdump' } });
    servers.push(server);
    const c = await server.client();
    expect(c.welcome?.server.capabilities.capture).toEqual({
      available: false,
      tool: 'tcpdump',
      reason: '/nonexistent/tcpdump is not installed.',
      enable: 'sudo apt-get install tcpdump && sudo setcap cap_net_raw,cap_net_admin=eip $(command -v tcpdump)',
    });
    const call = await tcpCall(c, 4);
    await c.ok({ op: 'send', socket: call.dialler, data: { text: 'still here' } });
    await c.waitFor('received', (e) => e.socket === call.accepted);
    expect(c.events.filter((e) => e.kind === 'segment' || e.kind === 'capture')).toEqual([]);
    const res = await fetch(`${server.url}/api/sessions/${c.welcome!.session}/capture.pcap`, {
      headers: { authorization: `Bearer ${c.welcome!.token}` },
    });
    expect(res.status).toBe(503);
  });

  it('is off by default in-process, and says how to turn it on', async () => {
    const server = await startTestServer();
    servers.push(server);
    const c = await server.client();
    expect(c.welcome?.server.capabilities.capture).toMatchObject({
      available: false,
      enable: 'npm start -- --capture on',
    });
  });
});
