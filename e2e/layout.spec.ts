import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { LessonPage } from './pages/LessonPage';
import { LogPage } from './pages/LogPage';
import { StagePage } from './pages/StagePage';
import { TimelinePage } from './pages/TimelinePage';

test.use({ locale: 'en-GB' });

/** Five telephones: a call (listener, caller, callee) that talks both ways, a UDP socket, a spare one. */
async function fivePhones(page: Page) {
  const stage = new StagePage(page);
  await stage.open();
  const { server, client } = await stage.call({ server: 'server', client: 'client' });
  await expect.poll(() => stage.newIds([server, client])).toHaveLength(1);
  const [callee] = await stage.newIds([server, client]);
  await stage.act(client, 'send', { message: 'Bonjour !' });
  await expect(stage.socket(callee!)).toContainText('Bonjour !');
  await stage.act(callee!, 'send', { message: 'Allô, oui ?' });
  await expect(stage.socket(client)).toContainText('Allô, oui ?');
  await stage.createSocket({ proto: 'udp', label: 'postcards' });
  await stage.createSocket({ proto: 'tcp', label: 'spare' });
  await expect(stage.sockets).toHaveCount(5);
  return stage;
}

async function largeText(page: Page, on: boolean) {
  const button = page.getByRole('button', { name: /Large text/ });
  if ((await button.getAttribute('aria-pressed')) !== String(on)) await button.click();
  await expect(button).toHaveAttribute('aria-pressed', String(on));
}

/** Text inside a card that is cut (overflowing its box) or outside the card; cards that overlap. */
async function cardProblems(cards: Locator): Promise<string[]> {
  return cards.evaluateAll((els) => {
    const out: string[] = [];
    const boxes = els.map((e) => e.getBoundingClientRect());
    for (const [i, card] of els.entries()) {
      const c = boxes[i]!;
      const id = card.getAttribute('data-socket');
      for (const el of Array.from(card.querySelectorAll<HTMLElement>('*'))) {
        const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent?.trim());
        // A visually hidden label (.sr-only) is a 1px clipped box by design: it is read, never seen.
        if (!own || el.getClientRects().length === 0 || el.closest('.sr-only')) continue;
        const r = el.getBoundingClientRect();
        const name = `${id} "${el.textContent?.trim().slice(0, 30)}"`;
        if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible')
          out.push(`${name} is cut (${el.scrollWidth} > ${el.clientWidth})`);
        if (r.left < c.left - 1 || r.right > c.right + 1 || r.top < c.top - 1 || r.bottom > c.bottom + 1)
          out.push(`${name} leaves its card`);
      }
      for (let j = i + 1; j < els.length; j++) {
        const d = boxes[j]!;
        if (c.left < d.right - 1 && d.left < c.right - 1 && c.top < d.bottom - 1 && d.top < c.bottom - 1)
          out.push(`${id} overlaps ${els[j]!.getAttribute('data-socket')}`);
      }
    }
    return out;
  });
}

for (const large of [false, true]) {
  test(`five telephones at 1280×720${large ? ' in large text' : ''}: no card clips or overlaps its text`, async ({
    page,
  }) => {
    const stage = await fivePhones(page);
    await largeText(page, large);
    await expect.poll(() => cardProblems(stage.sockets)).toEqual([]);
    await page.screenshot({ path: `e2e/artifacts/layout-cards-${large ? 'large' : 'normal'}-1280.png` });
  });
}

test('large text at 1280×720 reflows: the stage, the code and the log each get room, the timeline one line', async ({
  page,
}) => {
  const stage = await fivePhones(page);
  await largeText(page, true);
  const viewport = page.viewportSize()!;
  // The stage has the first screen beside the toolbox, at least half the width and most of the height.
  const canvas = (await stage.canvas.boundingBox())!;
  expect(canvas.width).toBeGreaterThan(viewport.width * 0.5);
  expect(canvas.height).toBeGreaterThan(viewport.height * 0.45);
  // The timeline is one line of controls, and stays at the bottom of the window.
  const timeline = new TimelinePage(page).bar;
  const play = (await timeline.getByRole('button').first().boundingBox())!;
  const bar = (await timeline.boundingBox())!;
  expect(bar.height).toBeLessThan(play.height * 2);
  expect(bar.y + bar.height).toBeLessThanOrEqual(viewport.height + 1);
  // Below: the code shows a program and the log several rows, side by side.
  const code = new LessonPage(page).code;
  await code.scrollIntoViewIfNeeded();
  const lineHeight = await code.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) || 20);
  expect((await code.boundingBox())!.height / lineHeight).toBeGreaterThanOrEqual(10);
  const log = new LogPage(page).scroller;
  await log.scrollIntoViewIfNeeded();
  const rows = await log.evaluate((el) => {
    const frame = el.getBoundingClientRect();
    return Array.from(el.querySelectorAll('[data-testid="event-row"]')).filter((r) => {
      const b = r.getBoundingClientRect();
      return b.top >= frame.top - 1 && b.bottom <= frame.bottom + 1;
    }).length;
  });
  expect(rows).toBeGreaterThanOrEqual(6);
  await expect(timeline).toBeInViewport();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: 'e2e/artifacts/layout-large-1280.png' });
  await page.screenshot({ path: 'e2e/artifacts/layout-large-1280-full.png', fullPage: true });
});

test('the presenter layout gives the stage the screen, by button or P, and gives it back', async ({ page }) => {
  const stage = await fivePhones(page);
  const timeline = new TimelinePage(page);
  const code = new LessonPage(page).code;
  const toggle = page.getByTestId('presenter-toggle');
  const main = stage.mainArea;
  const viewport = page.viewportSize()!;
  await timeline.key('p');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('complementary', { name: /./ }).first()).toBeHidden();
  await expect(code).toBeHidden();
  await expect.poll(async () => (await main.boundingBox())!.width).toBeGreaterThan(viewport.width * 0.9);
  await expect(timeline.bar).toBeInViewport();
  await page.screenshot({ path: 'e2e/artifacts/layout-presenter-1280.png' });
  await largeText(page, true);
  await expect.poll(async () => cardProblemsCount(page)).toBe(0);
  await page.screenshot({ path: 'e2e/artifacts/layout-presenter-large-1280.png' });
  // Remembered after a reload, and the button switches it back.
  await page.reload();
  await expect(page.getByTestId('presenter-toggle')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('presenter-toggle').click();
  await expect(code).toBeVisible();
  await expect.poll(async () => (await main.boundingBox())!.width).toBeLessThan(viewport.width * 0.8);
});

async function cardProblemsCount(page: Page) {
  return (await cardProblems(new StagePage(page).sockets)).length;
}

test('screenshots at 1920×1080: light, dark and large text, stage and diagram', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const stage = await fivePhones(page);
  for (const scheme of ['light', 'dark'] as const)
    for (const large of [false, true]) {
      await page.emulateMedia({ colorScheme: scheme });
      await largeText(page, large);
      const look = `${scheme}${large ? '-large' : ''}`;
      await page.getByRole('button', { name: 'Stage', exact: true }).click();
      await expect.poll(() => cardProblems(stage.sockets)).toEqual([]);
      await page.screenshot({ path: `e2e/artifacts/layout-stage-${look}-1920.png` });
      await page.getByRole('button', { name: 'Sequence', exact: true }).click();
      await expect(page.getByTestId('sequence-svg')).toBeVisible();
      await page.screenshot({ path: `e2e/artifacts/layout-sequence-${look}-1920.png` });
    }
});
