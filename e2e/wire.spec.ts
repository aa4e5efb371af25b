import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeCapture } from '../server/capture/tcpdump';
import { test, expect } from './fixtures';
import { LogPage } from './pages/LogPage';
import { SequencePage } from './pages/SequencePage';
import { StagePage } from './pages/StagePage';

test.use({ locale: 'en-GB', serverArgs: ['--capture', 'on'] });

test('the wire under the calls: real segments in the diagram, the log, and a .pcap for Wireshark', async ({ page }) => {
  const capability = await probeCapture();
  test.skip(!capability.available, `packet capture unavailable here: ${capability.reason} (${capability.enable})`);
  const stage = new StagePage(page);
  const log = new LogPage(page);
  const sequence = new SequencePage(page);
  await stage.open();
  // The capture says it listens before the first socket: the handshake will be seen.
  await expect(log.rowsOfKind('capture')).toHaveCount(1);

  const { server, client } = await stage.call({ server: 'Alice', client: 'Bob' });
  const [callee] = await stage.newIds([server, client]);
  await stage.greetAndSayBye(client, callee!);
  await stage.act(callee!, 'close');
  await stage.expectPhase(client, 'closed');

  // The log has segment rows, filterable like the rest.
  await expect(log.rowsOfKind('segment').first()).toBeVisible();
  await log.filterKind('segment');
  await expect.poll(async () => (await log.kinds()).every((k) => k === 'segment')).toBe(true);
  // Three for the handshake, two FINs with their ACKs: at least 3 + 2 + 2 + data and ACKs.
  await expect.poll(async () => (await log.count()).shown).toBeGreaterThanOrEqual(9);
  await log.filterKind(null);

  await page.getByRole('button', { name: 'Sequence' }).click();
  await expect(sequence.wireArrow('SYN')).toHaveCount(1);
  await expect(sequence.wireArrow('SYN,ACK')).toHaveCount(1);
  // From the caller's lifeline to the accepted call's, and back.
  await expect(sequence.wireArrow('SYN')).toHaveAttribute('data-from', client);
  await expect(sequence.wireArrow('SYN')).toHaveAttribute('data-to', callee!);
  await expect(sequence.wireArrow('SYN,ACK')).toHaveAttribute('data-from', callee!);
  await expect(sequence.wireArrow('SYN,ACK')).toHaveAttribute('data-to', client);
  await expect(sequence.wireArrow('FIN,ACK')).toHaveCount(2);
  await expect(sequence.wireArrow('PSH,ACK 9')).toHaveCount(1); // "Bonjour !"
  // With the real segments drawn, the handshake is no longer drawn from connect()/accept().
  await expect(sequence.arrows('syn')).toHaveCount(0);
  await expect(sequence.arrows('data')).toHaveCount(2);

  // Focus (or hover) a segment: its header, with the relative seq/ack, the window and the options.
  await sequence.wireArrow('SYN,ACK').focus();
  await expect(page.getByTestId('wire-details')).toContainText(/\[SYN, ACK\] seq 0 ack 1 len 0 win \d+ · mss \d+/);
  await sequence.wireArrow('PSH,ACK 9').hover();
  await expect(page.getByTestId('wire-details')).toContainText('seq 1 ack 1 len 9');
  await stage.screenshot('wire-01-both');

  // Calls only, wire only, both.
  const mode = page.getByTestId('wire-mode');
  await mode.getByRole('button', { name: 'Calls' }).click();
  await expect(page.getByTestId('wire-layer')).toHaveCount(0);
  await expect(sequence.arrows('syn')).toHaveCount(1);
  await mode.getByRole('button', { name: 'Wire' }).click();
  await expect(sequence.arrows()).toHaveCount(0);
  await expect(sequence.wireArrow('SYN')).toHaveCount(1);
  await stage.screenshot('wire-02-wire-only');
  await mode.getByRole('button', { name: 'Both' }).click();

  // The export opens in tcpdump -r, with exactly the packets shown.
  const shown = await page.getByTestId('wire-arrow').count();
  const downloading = page.waitForEvent('download');
  await page.getByTestId('export-pcap').click();
  const download = await downloading;
  const dir = mkdtempSync(join(tmpdir(), 'allo-e2e-pcap-'));
  try {
    const file = join(dir, download.suggestedFilename());
    await download.saveAs(file);
    const lines = execFileSync('tcpdump', ['-nn', '-r', file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .split('\n')
      .filter(Boolean);
    expect(lines).toHaveLength(shown);
    expect(lines.filter((l) => /Flags \[S\]/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /Flags \[F\.\]/.test(l))).toHaveLength(2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
