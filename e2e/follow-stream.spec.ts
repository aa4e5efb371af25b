import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import { probeCapture } from '../server/capture/tcpdump';
import { test, expect } from './fixtures';
import { LogPage } from './pages/LogPage';
import { SequencePage } from './pages/SequencePage';
import { StagePage } from './pages/StagePage';
import { StreamPage } from './pages/StreamPage';
import { TimelinePage } from './pages/TimelinePage';

test.use({ locale: 'en-GB', serverArgs: ['--capture', 'on'] });

/**
 * A real peer outside the session: python3 listens on a free loopback port,
 * sends `send` (hex, or `repeat:N` for N bytes 'a') to whoever calls, reads until the caller's FIN, and prints
 * what it got, so the test compares the page with the peer's own bytes.
 */
function python(send: string): { child: ChildProcessWithoutNullStreams; port: Promise<number>; got: Promise<string> } {
  const code = `
import socket, sys
srv = socket.socket(); srv.bind(('127.0.0.1', 0)); srv.listen(1)
print(srv.getsockname()[1], flush=True)
srv.settimeout(30)
c, _ = srv.accept()
arg = sys.argv[1]
c.sendall(b'a' * int(arg[7:]) if arg.startswith('repeat:') else bytes.fromhex(arg))
got = b''
while True:
    b = c.recv(65536)
    if not b: break
    got += b
print('GOT', got.hex(), flush=True)
c.close()
`;
  const child = spawn('python3', ['-c', code, send]);
  let out = '';
  const lines = new Promise<string[]>((resolve) => child.on('close', () => resolve(out.split('\n'))));
  const port = new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^(\d+)\n/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (c) => reject(new Error(`python3 exited ${c}: ${out}`)));
  });
  const got = lines.then((l) => l.find((x) => x.startsWith('GOT '))?.slice(4) ?? '');
  return { child, port, got };
}

/** The bytes a part shows in hex mode, read back from its hex dump (offset, 16 hex pairs, ASCII). */
async function hexOf(part: Locator): Promise<string> {
  const text = await part.getByTestId('stream-bytes').innerText();
  return text
    .split('\n')
    .filter((l) => /^[0-9a-f]{8} {2}/.test(l))
    .map((l) => l.slice(10, 10 + 47).replace(/ /g, ''))
    .join('');
}

// What the peer says: text with CRLF, a NUL, bytes that are not UTF-8, and a two-byte character.
const PEER = Buffer.concat([Buffer.from('Hello\r\n'), Buffer.from([0x00, 0xff, 0xfe]), Buffer.from(' café\n')]);

test('follow the stream: both directions exact, with calls and segments; live, paused, by keyboard, imported', async ({
  page,
}) => {
  const capability = await probeCapture();
  test.skip(!capability.available, `packet capture unavailable here: ${capability.reason} (${capability.enable})`);
  const stage = new StagePage(page);
  const timeline = new TimelinePage(page);
  const stream = new StreamPage(page);
  await stage.open();
  await expect(new LogPage(page).rowsOfKind('capture')).toHaveCount(1);
  const peer = python(PEER.toString('hex'));
  try {
    const me = await stage.createSocket({ proto: 'tcp', label: 'Bob' });
    await stage.act(me, 'connect', { host: '127.0.0.1', port: await peer.port });
    await stage.expectPhase(me, 'connected');

    // From the stage card.
    await stage.socket(me).getByTestId('follow-stream-open').click();
    await expect(stream.panel).toBeVisible();
    await expect(stream.panel).toHaveAttribute('data-socket', me);
    await expect(stream.parts('in')).toHaveCount(1);
    await stage.act(me, 'send', { message: 'Bonjour ! é' });
    await expect(stream.parts('out')).toHaveCount(1);
    await stage.act(me, 'end');
    const got = await peer.got;
    expect(Buffer.from(got, 'hex').toString()).toBe('Bonjour ! é');

    // Text: what each side said, controls made visible, the calls and segments that carried it.
    await expect(stream.parts('in').getByTestId('stream-bytes')).toHaveText('Hello\\r\n\\0\ufffd\ufffd café\n');
    await expect(stream.parts('out').getByTestId('stream-bytes')).toHaveText('Bonjour ! é');
    await expect(stream.parts('out')).toContainText(`send() #`);
    await expect(stream.parts('in')).toContainText(`recv() #`);
    await expect(stream.parts('in').getByTestId('stream-segments')).toContainText(
      new RegExp(`#\\d+ seq 1:${1 + PEER.length}`),
    );
    await expect(stream.parts('out').getByTestId('stream-segments')).toContainText(
      new RegExp(`#\\d+ seq 1:${1 + Buffer.byteLength('Bonjour ! é')}`),
    );
    await stage.screenshot('follow-stream-01-text');

    // Hex: exactly the bytes the peer sent and received.
    await stream.panel.getByRole('button', { name: 'Hex', exact: true }).click();
    await expect(stream.panel).toHaveAttribute('data-mode', 'hex');
    expect(await hexOf(stream.parts('in'))).toBe(PEER.toString('hex'));
    expect(await hexOf(stream.parts('out'))).toBe(got);
    await stage.screenshot('follow-stream-02-hex');
    await page.emulateMedia({ colorScheme: 'dark' });
    await stage.screenshot('follow-stream-03-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await stage.largeText();
    await stream.panel.getByRole('button', { name: 'Text', exact: true }).click();
    await stage.screenshot('follow-stream-04-large');
    await stage.largeText();
    await stream.panel.getByRole('button', { name: 'Hex', exact: true }).click();

    // Escape closes it; `s` (listed in the ? overlay) opens it on the chosen socket.
    await page.keyboard.press('Escape');
    await expect(stream.panel).toHaveCount(0);
    await stage.cardName(me).click();
    await timeline.key('s');
    await expect(stream.panel).toHaveAttribute('data-socket', me);
    await timeline.key('?');
    await expect(timeline.helpRow('s')).toContainText('Follow the stream');
    await page.keyboard.press('Escape');

    // Paused before the send(): the transcript is the world at the cursor.
    // A call's button moves the timeline there.
    const send = stream.calls('out').first();
    const sentSeq = Number(/#(\d+)/.exec(await send.innerText())?.[1]);
    await send.click();
    await timeline.expectCursor(sentSeq);
    await timeline.stepTo(sentSeq - 1);
    await expect(stream.parts('out')).toHaveCount(0);
    await expect(stream.parts('in')).toHaveCount(1);
    await timeline.stepTo(sentSeq);
    await expect(stream.parts('out')).toHaveCount(1);

    // An imported recording, in a page with no server: the same bytes.
    const head = await timeline.head();
    const download = await timeline.exportRecording();
    const dir = mkdtempSync(join(tmpdir(), 'allo-e2e-stream-'));
    try {
      const file = join(dir, 'recording.json');
      await download.saveAs(file);
      await page.goto('/?offline');
      await timeline.importRecording(file);
      // Kernel samples (TIME_WAIT) may have come between reading the head and the export.
      await expect.poll(() => timeline.head()).toBeGreaterThanOrEqual(head);
      await timeline.key('End');
      await timeline.key('s');
      await stream.panel.getByTestId('stream-call').selectOption(me);
      await stream.panel.getByRole('button', { name: 'Hex', exact: true }).click();
      await expect(stream.parts('in')).toHaveCount(1);
      expect(await hexOf(stream.parts('in'))).toBe(PEER.toString('hex'));
      expect(await hexOf(stream.parts('out'))).toBe(got);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    peer.child.kill();
  }
});

test('follow the stream of a call inside the session, from the diagram and from a log row', async ({ page }) => {
  const stage = new StagePage(page);
  const stream = new StreamPage(page);
  await stage.open();
  const { server, client } = await stage.call({ server: 'Alice', client: 'Bob' });
  const [callee] = await stage.newIds([server, client]);
  await stage.greetAndSayBye(client, callee!);

  // From a log row's context menu: the row of Alice's recv().
  await new LogPage(page).rowsOfKind('received').first().click({ button: 'right' });
  await expect(stream.panel).toBeVisible();
  await expect(stream.parts()).toHaveCount(2);
  await expect(stream.parts().nth(0).getByTestId('stream-bytes')).toHaveText('Bonjour !');
  await expect(stream.parts().nth(1).getByTestId('stream-bytes')).toHaveText('Allô, oui ?');
  // Both ends are ours: each part names the send() and the recv() that got its bytes.
  await expect(stream.parts().nth(0)).toContainText(/send\(\) #\d+ by Bob \(s\d+\), 9 bytes/);
  await expect(stream.parts().nth(0)).toContainText(new RegExp(`recv\\(\\) #\\d+ by ${callee}, 9 bytes`));
  await stream.panel.getByRole('button', { name: 'Close' }).click();
  await expect(stream.panel).toHaveCount(0);

  // From the sequence diagram: an arrow's details.
  await page.getByRole('button', { name: 'Sequence' }).click();
  await new SequencePage(page).arrows('data').first().click();
  await page.getByTestId('arrow-details').getByTestId('follow-stream-open').click();
  await expect(stream.parts()).toHaveCount(2);
});

test('a long stream is bounded: what is not shown is counted, what nobody kept is said', async ({ page }) => {
  const stage = new StagePage(page);
  const stream = new StreamPage(page);
  await stage.open();
  const size = 70_000;
  const peer = python(`repeat:${size}`);
  try {
    const me = await stage.createSocket({ proto: 'tcp' });
    await stage.act(me, 'connect', { host: '127.0.0.1', port: await peer.port });
    await stage.expectPhase(me, 'connected');
    await stage.socket(me).getByTestId('follow-stream-open').click();
    await expect(stream.panel.getByTestId('stream-summary')).toContainText(`70,000 bytes`);
    // 64 KiB shown at most; the rest is counted.
    await expect(stream.panel.getByTestId('stream-not-shown')).toHaveAttribute('data-bytes', String(size - 65_536));
    // Each recv() event keeps a 4 KiB preview: the rest of a bigger chunk is a counted gap.
    await expect(stream.panel.getByTestId('stream-not-kept')).toBeVisible();
    await stream.panel.getByRole('button', { name: 'Show more' }).click();
    await expect(stream.panel.getByTestId('stream-not-shown')).toHaveCount(0);
    await stage.act(me, 'end');
    await peer.got;
  } finally {
    peer.child.kill();
  }
});
