/**
 * tcpdump's own count of the packets the kernel dropped because its buffer was
 * full, read while it runs (SIGUSR1), not only when it ends: a stand-in tool
 * that answers the signal with tcpdump's exact wording, then the real tcpdump
 * and the server's capture where this machine can capture.
 */
import dgram from 'node:dgram';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../testing/server';
import { probeCapture, type RunningTcpdump, startTcpdump } from './tcpdump';

const capability = await probeCapture();
const dir = mkdtempSync(join(tmpdir(), 'allo-tcpdump-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `tool` and resolves once it said it listens; `exit` resolves with its last words. */
async function started(tool?: string): Promise<{ run: RunningTcpdump; exit: Promise<string> }> {
  let listening!: () => void;
  let exited!: (reason: string) => void;
  const ready = new Promise<void>((r) => {
    listening = r;
  });
  const exit = new Promise<string>((r) => {
    exited = r;
  });
  const run = startTcpdump(
    96,
    'udp port 9',
    { onListening: () => listening(), onRecords: () => {}, onExit: (reason) => exited(reason) },
    tool,
  );
  await Promise.race([ready, exit.then((reason) => Promise.reject(new Error(reason)))]);
  return { run, exit };
}

describe('tcpdump drop count', () => {
  it('is asked of a running tcpdump with SIGUSR1, each answer counting from its start, and the last one kept', async () => {
    // tcpdump's words on Linux: one line at SIGUSR1, three at the end.
    const tool = join(dir, 'fake-tcpdump');
    writeFileSync(
      tool,
      [
        '#!/bin/sh',
        'n=0',
        `trap 'n=$((n+7)); echo "tcpdump: 3 packets captured, 118 packets received by filter, $n packets dropped by kernel" >&2' USR1`,
        `trap 'printf "3 packets captured\\n118 packets received by filter\\n%s packets dropped by kernel\\n" $((n+1)) >&2; exit 0' TERM`,
        'echo "tcpdump: listening on lo, link-type EN10MB (Ethernet), snapshot length 96 bytes" >&2',
        'while :; do sleep 0.05; done',
        '',
      ].join('\n'),
    );
    chmodSync(tool, 0o755);
    const { run, exit } = await started(tool);
    expect(run.kernelDrops).toBeUndefined();
    expect(await run.requestStats()).toBe(7);
    expect(await run.requestStats()).toBe(14);
    run.stop();
    expect(await exit).toMatch(/exited \(0\): 15 packets dropped by kernel/);
    expect(run.kernelDrops).toBe(15);
    // Ended: nothing to ask.
    expect(await run.requestStats()).toBeUndefined();
  });

  it('answers undefined, without waiting for ever, when the tool does not report', async () => {
    const tool = join(dir, 'mute-tcpdump');
    writeFileSync(tool, `#!/bin/sh\ntrap '' USR1\necho "tcpdump: listening on lo" >&2\nwhile :; do sleep 0.05; done\n`);
    chmodSync(tool, 0o755);
    const { run, exit } = await started(tool);
    expect(await run.requestStats(200)).toBeUndefined();
    run.stop();
    await exit;
  });

  it.skipIf(!capability.available)('the real tcpdump answers while it captures, and so does the server', async () => {
    const { run, exit } = await started();
    const first = await run.requestStats();
    expect(first).toBeGreaterThanOrEqual(0);
    const out = dgram.createSocket('udp4');
    for (let i = 0; i < 20; i++) out.send('x', 9, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 50));
    out.close();
    expect(await run.requestStats()).toBeGreaterThanOrEqual(first!);
    run.stop();
    await exit;

    const server = await startTestServer({ capture: { enabled: true } });
    try {
      const c = await server.client();
      await c.waitFor('capture', (e) => e.state === 'on');
      expect(await server.captureKernelDrops()).toBeGreaterThanOrEqual(0);
    } finally {
      await server.close();
    }
    const off = await startTestServer();
    try {
      expect(await off.captureKernelDrops()).toBeUndefined();
    } finally {
      await off.close();
    }
  });
});
