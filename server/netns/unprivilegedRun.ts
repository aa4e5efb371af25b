/**
 * One compare run over the kernel's link, printed as one JSON line: what
 * netns.test.ts runs as an unprivileged user (`runuser -u nobody`) to show that
 * a teacher's own account gets the same real link, and, with `midway`, what it
 * SIGKILLs in the middle of a run to show nothing outlives the server. Not a
 * test file itself.
 */
import { scoreCompare } from '../../shared/compare/scoreboard';
import { startTestServer } from '../testing/server';

const server = await startTestServer();
try {
  const c = await server.client({ timeoutMs: 60_000 });
  const link = { lossPct: 20, delayMs: 0, jitterMs: 0, reorderPct: 0, duplicatePct: 0, bandwidthKbps: 0, seed: 1 };
  const midway = process.argv.includes('midway');
  // 50 ms apart, each message leaves in a segment of its own (the receiver's delayed ACK is 40 ms): at 5 ms apart
  // Nagle gathered them into about a dozen segments, so 20 % loss could miss them all and TCP rightly resent
  // nothing (a fresh-clone run saw 0 retransmits). A hundred segments at 20 % cannot all get through.
  const script = midway ? { count: 400, size: 32, intervalMs: 50 } : { count: 100, size: 32, intervalMs: 50 };
  const started = await c.ok({ op: 'compare', script, link });
  if (midway) {
    await c.waitFor('sent', (e) => e.socket === started.udp.sender, 30_000);
    console.log(JSON.stringify({ running: started.run, pid: process.pid }));
    await new Promise((r) => setTimeout(r, 30_000)); // killed before this ends
  }
  await c.waitFor('compare-ended', (e) => e.run === started.run, 60_000);
  const score = scoreCompare(c.events, started.run)!;
  console.log(
    JSON.stringify({
      uid: process.getuid?.(),
      mode: score.path.mode,
      tcpDelivered: score.tcp.delivered,
      udpLost: score.udp.lost,
      retransmits: score.retransmissions.segments,
    }),
  );
} finally {
  await server.close();
}
