import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { SequencePage } from './pages/SequencePage';
import { StagePage } from './pages/StagePage';
import { TimelinePage } from './pages/TimelinePage';
import type { Event } from '../shared/protocol';
import { startTestServer } from '../server/testing/server';
import type { AlloTestClient } from '../server/testing/client';
import { tcpCall } from '../server/testing/scenarios';
import { createRecording } from '../shared/recording';

test.use({ locale: 'en-GB' });

/** A real session with four calls (twelve sockets), each side talking a little: tall and wide. */
async function fourCalls(): Promise<{ json: string; events: Event[]; calls: Awaited<ReturnType<typeof tcpCall>>[] }> {
  const server = await startTestServer();
  try {
    const c: AlloTestClient = await server.client();
    const calls = [];
    for (let i = 0; i < 4; i++) calls.push(await tcpCall(c, 4));
    for (const [i, call] of calls.entries()) {
      for (let k = 0; k < 3; k++) {
        await c.ok({ op: 'send', socket: call.dialler, data: { text: `hello ${i}.${k}` } });
        await c.waitFor('received', (e) => e.socket === call.accepted && e.data.text?.endsWith(`${i}.${k}`) === true);
      }
    }
    return { json: JSON.stringify(createRecording(c.events)), events: c.events, calls };
  } finally {
    await server.close();
  }
}

async function openDiagram(page: Page) {
  const timeline = new TimelinePage(page);
  const session = await fourCalls();
  await page.goto('/?offline');
  await timeline.importRecording(
    { name: 'calls.json', mimeType: 'application/json', buffer: Buffer.from(session.json) },
    session.events.at(-1)!.seq,
  );
  await timeline.key('End');
  await page.getByRole('button', { name: 'Sequence', exact: true }).click();
  await expect(page.getByTestId('lifeline-head')).toHaveCount(12);
  return { ...session, timeline, scroller: page.getByTestId('sequence-scroll') };
}

const box = async (locator: Locator) => (await locator.first().boundingBox())!;

test('the lifelines stay in view while the rows scroll, and every one of twelve is reachable', async ({ page }) => {
  const { scroller } = await openDiagram(page);
  const sequence = new SequencePage(page);
  // The diagram opens on the cursor, at the bottom: the heads are still at the top of the frame.
  const frame = (await scroller.boundingBox())!;
  await expect.poll(() => scroller.evaluate((el) => el.scrollTop)).toBeGreaterThan(100);
  expect((await box(sequence.headBand)).y).toBeCloseTo(frame.y + 1, 0);
  await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight / 2 }));
  await expect.poll(async () => (await box(sequence.headBand)).y).toBeCloseTo(frame.y + 1, 0);

  // Each lifeline's head can be brought into the frame.
  const heads = page.getByTestId('lifeline-head');
  for (let i = 0; i < 12; i++) {
    const id = await heads.nth(i).getAttribute('data-lifeline');
    await scroller.evaluate((el, x) => {
      const head = el.querySelector(`[data-testid="lifeline-head"][data-lifeline="${x}"]`)!;
      head.scrollIntoView({ inline: 'center', block: 'nearest' });
    }, id);
    const b = (await heads.nth(i).boundingBox())!;
    expect(b.x).toBeGreaterThanOrEqual(frame.x - 1);
    expect(b.x + b.width).toBeLessThanOrEqual(frame.x + frame.width + 1);
    expect(b.y).toBeGreaterThanOrEqual(frame.y - 1);
  }
  await page.screenshot({ path: 'e2e/artifacts/sequence-12-sockets-1280.png' });
});

test('zoom and fit to width, with buttons and keys', async ({ page }) => {
  const { scroller, timeline } = await openDiagram(page);
  const canvas = new SequencePage(page).canvas;
  const width = async () => (await canvas.boundingBox())!.width;
  const drawn = await width();
  await timeline.key(']');
  await expect(scroller).toHaveAttribute('data-zoom', '1.250');
  expect(await width()).toBeCloseTo(drawn * 1.25, 0);
  await timeline.key('[');
  await timeline.key('[');
  await expect(scroller).toHaveAttribute('data-zoom', '0.800');

  // Fit to width: all twelve lifelines side by side, no sideways scrolling.
  await timeline.key('f');
  await expect(scroller).toHaveAttribute('data-fit', 'true');
  await expect.poll(() => scroller.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);
  const frame = (await scroller.boundingBox())!;
  for (const b of await page
    .getByTestId('lifeline-head')
    .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect))) {
    expect(b.x).toBeGreaterThanOrEqual(frame.x - 1);
    expect(b.x + b.width).toBeLessThanOrEqual(frame.x + frame.width + 1);
  }
  await page.screenshot({ path: 'e2e/artifacts/sequence-fit-1280.png' });

  // The buttons do the same, and say what they do.
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect(scroller).toHaveAttribute('data-fit', 'false');
  await page.getByRole('button', { name: /back to the drawn size/ }).click();
  await expect(scroller).toHaveAttribute('data-zoom', '1.000');
  await page.getByRole('button', { name: 'Fit to width' }).click();
  await expect(scroller).toHaveAttribute('data-fit', 'true');
  // Listed in the ? overlay.
  await timeline.key('?');
  await expect(page.getByRole('dialog')).toContainText('Fit the diagram to the width');
});

test('a conversation filter: one call, or one socket and its calls', async ({ page }) => {
  const { calls } = await openDiagram(page);
  const filter = page.getByTestId('sequence-filter');
  const lifelines = () =>
    page.getByTestId('lifeline-head').evaluateAll((els) => els.map((e) => e.getAttribute('data-lifeline')).sort());
  const call = calls[2]!;
  await filter.selectOption(`call:${call.dialler}`);
  await expect.poll(lifelines).toEqual([call.listener, call.dialler, call.accepted].sort());
  // Only that call's bytes.
  const texts = await new SequencePage(page).arrows('data').allTextContents();
  expect(texts.sort()).toEqual(['hello 2.0', 'hello 2.1', 'hello 2.2']);

  // A listener and every call it answered (the four listeners are four sockets, each with its own call).
  await filter.selectOption(`socket:${call.listener}`);
  await expect.poll(lifelines).toEqual([call.listener, call.dialler, call.accepted].sort());
  await filter.selectOption(`socket:${call.accepted}`);
  await expect.poll(lifelines).toEqual([call.listener, call.dialler, call.accepted].sort());
  await filter.selectOption('');
  await expect(page.getByTestId('lifeline-head')).toHaveCount(12);
});

test('the footnote wraps inside the panel, in large text too', async ({ page }) => {
  await openDiagram(page);
  const note = page.getByTestId('sequence-note');
  const panel = page.getByTestId('sequence');
  for (const large of [false, true]) {
    if (large) await page.getByRole('button', { name: /Large text/ }).click();
    await expect(note).toBeVisible();
    const fits = await note.evaluate((el) => el.scrollWidth <= el.clientWidth);
    expect(fits).toBe(true);
    const n = (await note.boundingBox())!;
    const p = (await panel.boundingBox())!;
    expect(n.x + n.width).toBeLessThanOrEqual(p.x + p.width);
    expect(n.y + n.height).toBeLessThanOrEqual(p.y + p.height + 1);
  }
});

test('live, the diagram follows the newest row, stops while I read above, and "Newest ↓" brings it back', async ({
  page,
}) => {
  const stage = new StagePage(page);
  const timeline = new TimelinePage(page);
  await stage.open();
  const { server, client } = await stage.call({ server: 'Alice', client: 'Bob' });
  const [callee] = await stage.newIds([server, client]);
  await stage.greetAndSayBye(client, callee!);
  await stage.act(client, 'close');
  await stage.expectPhase(client, 'closed');
  await page.getByRole('button', { name: 'Sequence', exact: true }).click();
  const scroller = page.getByTestId('sequence-scroll');
  const newest = page.getByTestId('sequence-newest');
  await expect(scroller).toHaveAttribute('data-following', 'true');
  await expect(newest).toHaveCount(0);

  // Scrolled up to read the handshake: the kernel's TIME_WAIT countdown goes on adding events, the diagram stays.
  await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
  await expect(scroller).toHaveAttribute('data-following', 'false');
  await expect(newest).toBeVisible();
  const head = await timeline.head();
  await expect.poll(() => timeline.head(), { timeout: 15_000 }).toBeGreaterThan(head);
  expect(await scroller.evaluate((el) => el.scrollTop)).toBe(0);
  await page.screenshot({ path: 'e2e/artifacts/sequence-live-reading-1280.png' });

  // "Newest ↓" goes back to the bottom and follows again.
  await newest.click();
  await expect(newest).toHaveCount(0);
  await expect(scroller).toHaveAttribute('data-following', 'true');
  await expect
    .poll(() => scroller.evaluate((el) => el.scrollHeight - el.clientHeight - el.scrollTop))
    .toBeLessThanOrEqual(1);
  await page.screenshot({ path: 'e2e/artifacts/sequence-live-follow-1280.png' });
});
