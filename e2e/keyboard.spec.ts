import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { StagePage } from './pages/StagePage';
import { TimelinePage } from './pages/TimelinePage';

test.use({ locale: 'en-GB' });

/**
 * What a shortcut can change, read from the page contract and the controls' states, in one read of the page:
 * under load each separate read is a round trip, and a slow snapshot must not pass for a key that did nothing.
 */
async function snapshot(page: Page) {
  return page.evaluate(() => {
    const bar = document.querySelector('[data-testid="timeline"]');
    return JSON.stringify({
      cursor: bar?.getAttribute('data-cursor'),
      live: bar?.getAttribute('data-live'),
      playing: bar?.getAttribute('data-playing'),
      speed: bar?.querySelector('select')?.value,
      help: document.querySelectorAll('[data-testid="help-overlay"]').length,
      stream: document.querySelectorAll('[data-testid="follow-stream"]').length,
      view: Array.from(document.querySelectorAll('.app-header [aria-pressed="true"]'), (e) => e.textContent),
      zoom: document.querySelector('[data-zoom]')?.getAttribute('data-zoom'),
    });
  });
}

test('every shortcut the ? overlay lists does something', async ({ page }) => {
  const stage = new StagePage(page);
  const timeline = new TimelinePage(page);
  await stage.open();
  await stage.call({ server: 'server', client: 'client' });
  const head = await timeline.head();

  await timeline.key('?');
  const rows = page.getByTestId('help-row');
  await expect(rows.first()).toBeVisible();
  const keys = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-key') ?? ''));
  expect(keys.length).toBeGreaterThanOrEqual(11);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help-overlay')).toHaveCount(0);

  // From two starting points (paused mid-way on the stage, and the sequence view), each key must change
  // what the page shows in at least one of them.
  const setups = [
    async () => {
      const bar = timeline.bar;
      if ((await bar.getAttribute('data-live')) === 'true' || (await bar.getAttribute('data-playing')) === 'true')
        await timeline.button(/^Pause/).click();
      await expect(bar).toHaveAttribute('data-live', 'false');
      await expect(bar).toHaveAttribute('data-playing', 'false');
      await timeline.stepTo(Math.floor(head / 2));
      await page.getByRole('combobox', { name: /Speed/ }).selectOption('1');
      await page.getByRole('button', { name: 'Stage', exact: true }).click();
    },
    async () => {
      await page.getByRole('button', { name: 'Sequence', exact: true }).click();
    },
  ];
  for (const key of keys) {
    let changed = false;
    for (const setup of setups) {
      await setup();
      const before = await snapshot(page);
      await timeline.key(key);
      await expect
        .poll(async () => (await snapshot(page)) !== before, { timeout: 5000 })
        .toBe(true)
        .then(
          () => (changed = true),
          () => undefined,
        );
      if ((await page.getByTestId('help-overlay').count()) > 0) {
        await page.keyboard.press('Escape');
      }
      if ((await page.getByTestId('follow-stream').count()) > 0) {
        await page.keyboard.press('Escape');
        await expect(page.getByTestId('follow-stream')).toHaveCount(0);
      }
      await page.getByRole('combobox', { name: /Speed/ }).selectOption('1');
      if (changed) break;
    }
    expect(changed, `the shortcut "${key}" changed nothing`).toBe(true);
  }
});

test('after an action focus stays in the toolbox; a stage card opens its actions with Enter', async ({ page }) => {
  const stage = new StagePage(page);
  await stage.open();
  // Pick up with the keyboard: focus stays on the form, not on <body>.
  await page.getByRole('button', { name: /socket\(\)/ }).focus();
  await page.keyboard.press('Enter');
  await expect(stage.sockets).toHaveCount(1);
  const inToolbox = () => page.evaluate(() => !!document.activeElement?.closest('.toolbox'));
  await expect.poll(inToolbox).toBe(true);
  const [id] = await stage.ids();

  // listen() from the keyboard: the form goes (the socket now listens), focus goes to its next actions.
  await stage.actionButton('listen').click();
  await stage.runButton('listen').focus();
  await page.keyboard.press('Enter');
  await stage.expectPhase(id!, 'listening');
  await expect.poll(inToolbox).toBe(true);
  await expect.poll(() => page.evaluate(() => document.activeElement !== document.body)).toBe(true);

  // A card is focusable; Enter on it selects the socket and moves focus to its actions.
  await page.getByRole('button', { name: 'Stage', exact: true }).click();
  await page.getByTestId('socket-select').selectOption('');
  const card = stage.socket(id!).getByRole('button').first();
  await card.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('socket-select')).toHaveValue(id!);
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('action');
  await stage.screenshot('keyboard-card-opens-actions');
});
