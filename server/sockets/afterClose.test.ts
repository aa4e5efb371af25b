/**
 * The kernel keeps a TCP call after the program closed it: FIN_WAIT2 on the
 * side that hung up first while the other has not, then TIME_WAIT (about 60 s)
 * with its timer, while the passive side's LAST_ACK leaves the table at once.
 * Every state is checked against `ss -tan` sampled in the same test.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventOf } from '../../shared/protocol';
import { kernelTableReadable } from '../kernel';
import { startTestServer, type TestServer } from '../testing/server';
import { tcpCall } from '../testing/scenarios';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ kernelPollMs: 20 });
});
afterAll(() => server.close());

/** `ss -tan -o` for one 4-tuple: its state (as ss spells it) and its timer, if any, in ms. */
function ss(localPort: number, remotePort: number): { state: string; timerMs?: number } | undefined {
  const out = execFileSync('ss', ['-tanoH', `sport = :${localPort} and dport = :${remotePort}`], {
    encoding: 'utf8',
  }).trim();
  const line = out.split('\n')[0];
  if (!line) return undefined;
  const state = line.trim().split(/\s+/)[0]!;
  // timer:(timewait,59sec,0) or timer:(timewait,1min,0) or timer:(timewait,880ms,0)
  const m = /timer:\(\w+,(?:(\d+)min)?(?:([\d.]+)sec)?(?:(\d+)ms)?/.exec(line);
  if (!m) return { state };
  const timerMs = Number(m[1] ?? 0) * 60_000 + Number(m[2] ?? 0) * 1000 + Number(m[3] ?? 0);
  return { state, timerMs };
}

const SS_NAME: Record<string, string> = {
  FIN_WAIT1: 'FIN-WAIT-1',
  FIN_WAIT2: 'FIN-WAIT-2',
  TIME_WAIT: 'TIME-WAIT',
  CLOSE_WAIT: 'CLOSE-WAIT',
  LAST_ACK: 'LAST-ACK',
  ESTABLISHED: 'ESTAB',
};

describe.runIf(kernelTableReadable()).each([4, 6] as const)('the kernel after close() over IPv%i', (family) => {
  it('follows the closed call through FIN_WAIT2 and TIME_WAIT (with its time left) and the passive side out of the table', async () => {
    const c = await server.client();
    const call = await tcpCall(c, family);
    const { local, remote } = await c.waitFor('connected', (e) => e.socket === call.dialler);
    await c.ok({ op: 'close', socket: call.dialler });
    await c.waitFor('closed', (e) => e.socket === call.dialler);

    // The dialler's program let go; its kernel waits for the other side's FIN.
    const fw2 = await c.waitFor('kernel', (e) => e.socket === call.dialler && e.state === 'FIN_WAIT2');
    expect(fw2.afterClose).toBe(true);
    expect(ss(local.port, remote.port)?.state).toBe(SS_NAME.FIN_WAIT2);
    await c.waitFor('kernel', (e) => e.socket === call.accepted && e.state === 'CLOSE_WAIT' && !e.afterClose);
    expect(ss(remote.port, local.port)?.state).toBe(SS_NAME.CLOSE_WAIT);

    await c.ok({ op: 'close', socket: call.accepted });
    await c.waitFor('closed', (e) => e.socket === call.accepted);
    const tw = await c.waitFor('kernel', (e) => e.socket === call.dialler && e.state === 'TIME_WAIT');
    const seen = ss(local.port, remote.port);
    expect(seen?.state).toBe(SS_NAME.TIME_WAIT);
    expect(tw.afterClose).toBe(true);
    // The time left the kernel gave, against the one ss reads a moment later (ss rounds to whole seconds).
    expect(tw.timerMs).toBeGreaterThan(0);
    expect(seen?.timerMs).toBeDefined();
    expect(seen!.timerMs!).toBeLessThanOrEqual(tw.timerMs! + 1000);
    expect(seen!.timerMs!).toBeGreaterThan(tw.timerMs! - 5000);
    // The passive side went LAST_ACK → gone at the ACK: its last word is CLOSED, and ss no longer has it.
    await c.waitFor('kernel', (e) => e.socket === call.accepted && e.state === 'CLOSED' && e.afterClose === true);
    expect(ss(remote.port, local.port)).toBeUndefined();
    // The countdown: another sample a second later has less time left.
    const next = await c.waitFor(
      'kernel',
      (e) => e.socket === call.dialler && e.state === 'TIME_WAIT' && e.seq > tw.seq,
    );
    expect(next.timerMs!).toBeLessThan(tw.timerMs!);

    // Samples carry their own time, and every event stays in order.
    c.events.forEach((e, i) => i > 0 && expect(e.t).toBeGreaterThanOrEqual(c.events[i - 1]!.t));
    const kernel = c.eventsOf('kernel', call.dialler) as EventOf<'kernel'>[];
    for (const e of kernel) if (e.state !== 'FIN_WAIT1' && e.state !== 'LAST_ACK') expect(e.txQueue).toBe(0);
  }, 15_000);
});
