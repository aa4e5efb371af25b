import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import { StagePage } from './pages/StagePage';
import { TimelinePage } from './pages/TimelinePage';
import { LogPage } from './pages/LogPage';
import { SequencePage } from './pages/SequencePage';
import type { Event } from '../shared/protocol';
import { startTestServer } from '../server/testing/server';
import { createRecording } from '../shared/recording';
import { demoCall } from '../bench/scenarios/demoCall';

test.use({ locale: 'en-GB' });

const seqOf = (events: Event[], kind: string, socket: string) => {
  const e = events.find((x) => x.kind === kind && 'socket' in x && x.socket === socket);
  if (!e) throw new Error(`no ${kind} on ${socket}`);
  return e.seq;
};

test('record a call through the UI, export it, and step through it offline with no server', async ({
  page,
}, testInfo) => {
  // A long walk (a call, an export, an import, some forty steps back and forth): a loaded machine needs more than
  // the default minute (a fresh-clone run under load ran out of time at the first step, the page answering).
  test.setTimeout(120_000);
  const stage = new StagePage(page);
  const timeline = new TimelinePage(page);
  await stage.open();

  // A real call, made with the toolbox.
  const { server, client } = await stage.call({ server: 'server', client: 'client' });
  await expect.poll(() => stage.newIds([server, client])).toHaveLength(1);
  const [callee] = await stage.newIds([server, client]);
  await stage.greetAndSayBye(client, callee!);
  await stage.act(callee!, 'close');
  await stage.expectPhase(client, 'closed');

  // Live mode follows the newest event. The session is not quiet after close(): the kernel keeps the call in
  // TIME_WAIT and its countdown keeps coming as `kernel` events, so the head moves on; the cursor moves with it.
  await expect(timeline.bar).toHaveAttribute('data-live', 'true');
  const followsHead = () =>
    timeline.bar.evaluate((el) => el.getAttribute('data-cursor') === el.getAttribute('data-head'));
  await expect.poll(followsHead).toBe(true);
  const liveHead = await timeline.head();

  const download = await timeline.exportRecording();
  expect(download.suggestedFilename()).toMatch(/^allo-\d{4}-\d\d-\d\d-\d{4}\.json$/);
  const file = testInfo.outputPath('session.json');
  await download.saveAs(file);
  const recording = JSON.parse(readFileSync(file, 'utf8')) as {
    format: string;
    version: number;
    protocol: number;
    events: Event[];
  };
  expect(recording).toMatchObject({ format: 'allo-recording', version: 1, protocol: 1 });
  const events = recording.events;
  // Everything up to the moment of export, with no gap; from here on the recording's last event is the head.
  const head = events.at(-1)!.seq;
  expect(head).toBeGreaterThanOrEqual(liveHead);
  expect(events.map((e) => e.seq)).toEqual(Array.from({ length: head }, (_, i) => i + 1));

  // Reload with no server: the page must not even try the WebSocket.
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  await page.goto('/?offline');
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'offline');
  await timeline.importRecording(file, head);
  await timeline.expectCursor(0); // before the first event: nothing has happened yet
  await expect(stage.sockets).toHaveCount(0);

  // Step to given events and read the phases the stage shows there.
  await timeline.stepTo(seqOf(events, 'listening', server));
  await stage.expectPhase(server, 'listening');
  await expect(stage.socket(client)).toHaveCount(0);
  await timeline.stepTo(seqOf(events, 'connecting', client));
  await stage.expectPhase(client, 'connecting');
  await timeline.stepTo(seqOf(events, 'connected', client));
  await stage.expectPhase(client, 'connected');
  await timeline.stepTo(seqOf(events, 'received', callee!));
  await expect(stage.socket(callee!)).toContainText('Bonjour !');
  await timeline.stepTo(seqOf(events, 'peer-ended', callee!));
  await stage.expectPhase(client, 'half-closed');
  await stage.expectPhase(callee!, 'peer-half-closed');
  await timeline.screenshot('timeline-01-offline-half-closed');

  await timeline.key('End');
  await timeline.expectCursor(head);
  await stage.expectPhase(client, 'closed');
  await stage.expectPhase(callee!, 'closed');

  // Back in time really is the earlier state.
  await timeline.stepTo(seqOf(events, 'connected', client));
  await stage.expectPhase(client, 'connected');
  await stage.expectPhase(server, 'listening');
  await timeline.key('Home');
  await timeline.expectCursor(0);
  await expect(stage.sockets).toHaveCount(0);

  // Clicking a row of the log moves the cursor there; the rows after it are dimmed.
  const log = new LogPage(page);
  const sent = seqOf(events, 'sent', client);
  await log.row(sent).click();
  await timeline.expectCursor(sent);
  await log.expectCursorRow(sent);
  await expect(log.row(sent + 1)).toHaveClass(/is-future/);
  await stage.expectPhase(client, 'connected');

  // The diagram at the cursor: the handshake and the data so far, nothing after.
  await page.getByRole('button', { name: 'Sequence' }).click();
  const sequence = new SequencePage(page);
  await expect(sequence.arrows('syn')).toHaveCount(1);
  await expect(sequence.arrows('data')).toHaveCount(1);
  await expect(sequence.arrows('fin')).toHaveCount(0);
  await timeline.key('End');
  await expect(sequence.arrows('fin')).toHaveCount(2);
  await timeline.screenshot('timeline-02-sequence-offline');

  // A bad file is refused with a clear message, and nothing on screen changes.
  await timeline.importRecording({
    name: 'notes.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format":"allo-recording","version":7}'),
  });
  await expect(page.getByRole('alert')).toContainText('another version');
  await timeline.expectHead(head);
  await timeline.expectCursor(head);
  expect(sockets).toEqual([]);
});

test('the log filters by socket, kind and words, and shows bytes as hex', async ({ page }) => {
  const timeline = new TimelinePage(page);
  const log = new LogPage(page);
  const { json, ids, events } = await realRecording();
  // Importing into a live page asks first, then shows the file; the live session stays connected, parked.
  const stage = new StagePage(page);
  await stage.open();
  await timeline.importRecording(
    { name: 'demo.json', mimeType: 'application/json', buffer: Buffer.from(json) },
    events.at(-1)!.seq,
  );
  await expect(page.getByTestId('recording-mode')).toBeVisible();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'open');
  await timeline.key('End');
  await timeline.expectCursor(events.at(-1)!.seq);
  const total = (await log.count()).total;
  expect(total).toBeGreaterThan(30);

  await log.filterSocket(ids.accepted);
  await expect.poll(async () => (await log.count()).shown).toBeLessThan(total);
  await log.filterKind('received');
  await expect.poll(() => log.kinds()).toEqual(['received']);
  await log.filterSocket(null);
  await log.filterKind(null);
  await log.search('carte');
  await expect.poll(() => log.kinds()).toEqual(['sent', 'received']);
  await log.toggleHex();
  await expect(log.rows.first()).toContainText('63 61 72 74 65 20 31'); // "carte 1"
  await timeline.screenshot('timeline-03-log-filtered-hex');
});

test('the diagram shows merged and split deliveries of a real session, with the bytes of each arrow', async ({
  page,
}) => {
  const timeline = new TimelinePage(page);
  const { json, events, ids } = await realRecording();
  await page.goto('/?offline');
  await timeline.importRecording(
    { name: 'demo.json', mimeType: 'application/json', buffer: Buffer.from(json) },
    events.at(-1)!.seq,
  );
  await timeline.key('End');
  await page.getByRole('button', { name: 'Sequence' }).click();

  // Three sends converge on one receive.
  const sequence = new SequencePage(page);
  const merged = seqOf(events, 'received', ids.accepted);
  const converging = sequence.dataInto(merged);
  await expect(converging).toHaveCount(3);
  // A 50,000-byte send fans out to the receives that took its bytes (or receives take parts of two sends).
  const fanOut = await sequence.arrows('data').evaluateAll((els) => {
    const by = (attr: string) => {
      const m = new Map<string, number>();
      for (const e of els) m.set(e.getAttribute(attr) ?? '', (m.get(e.getAttribute(attr) ?? '') ?? 0) + 1);
      return Math.max(...m.values());
    };
    return { perSend: by('data-sent'), perReceive: by('data-received') };
  });
  expect(fanOut.perSend > 1 || fanOut.perReceive > 1).toBe(true);
  // The postcard to a number nobody has ends nowhere.
  await expect(sequence.datagrams('nowhere')).toHaveCount(1);

  // Focus an arrow and press Enter: its bytes, offsets and both times.
  await converging.nth(1).focus();
  await page.keyboard.press('Enter');
  const details = page.getByTestId('arrow-details');
  await expect(details).toContainText('two');
  await expect(details).toContainText('74 77 6f'); // "two" in hex
  await expect(details).toContainText('bytes 4–7');
  await expect(details).toContainText(`event #${merged}`);
  await timeline.screenshot('timeline-04-sequence-merged-split');

  // Export the diagram as SVG and PNG.
  const [svg] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export SVG' }).click(),
  ]);
  const svgText = readFileSync(await svg.path(), 'utf8');
  expect(svgText).toContain('<svg');
  expect(svgText).toContain('SYN-ACK');
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export PNG' }).click(),
  ]);
  const pngBytes = readFileSync(await png.path());
  expect(pngBytes.subarray(1, 4).toString()).toBe('PNG');
  await png.saveAs('e2e/artifacts/timeline-05-diagram-export.png');
});

test('keyboard: space plays and pauses, ? lists every shortcut, and typing is left alone', async ({ page }) => {
  const timeline = new TimelinePage(page);
  const { events } = await realRecording();
  // The real session took a few milliseconds; stretched a thousandfold, the replay lasts long enough to pause it.
  const slow = JSON.stringify(createRecording(events.map((e) => ({ ...e, t: e.t * 1000 }))));
  await page.goto('/?offline');
  await timeline.importRecording(
    { name: 'slow.json', mimeType: 'application/json', buffer: Buffer.from(slow) },
    events.at(-1)!.seq,
  );
  await timeline.key('ArrowRight');
  await timeline.expectCursor(1);
  await page.getByRole('combobox', { name: 'Speed' }).selectOption('4');
  await timeline.key(' ');
  await expect(timeline.bar).toHaveAttribute('data-playing', 'true');
  await expect.poll(() => timeline.cursor()).toBeGreaterThan(1);
  await timeline.key(' ');
  await expect(timeline.bar).toHaveAttribute('data-playing', 'false');
  const pausedAt = await timeline.cursor();
  expect(pausedAt).toBeLessThan(events.length);
  await timeline.key('ArrowLeft');
  await timeline.expectCursor(pausedAt - 1);

  await new LogPage(page).search('?');
  await expect(page.getByTestId('help-overlay')).toHaveCount(0);
  await timeline.key('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  for (const line of [
    'Play or pause the replay',
    'One event back',
    'One event forward',
    'Go to the start',
    'Go to the end',
  ])
    await expect(help).toContainText(line);
  await timeline.screenshot('timeline-06-help');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
});

/** A real loopback session (merges, splits, FIN, UDP to nobody) recorded by an in-process server, as a file to import. */
async function realRecording() {
  const server = await startTestServer();
  try {
    const c = await server.client();
    const ids = await demoCall(c);
    return { json: JSON.stringify(createRecording(c.events)), events: c.events, ids };
  } finally {
    await server.close();
  }
}
