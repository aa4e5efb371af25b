import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { StagePage } from './pages/StagePage';

test.use({ locale: 'en-GB' });

const TOKEN_KEY = 'allo.session.token';
const tokenOf = (page: Page) => page.evaluate((k) => sessionStorage.getItem(k), TOKEN_KEY);
/** What a duplicated tab starts with: a copy of the first tab's sessionStorage. */
const withToken = (page: Page, token: string) =>
  page.addInitScript(([k, v]) => sessionStorage.setItem(k!, v!), [TOKEN_KEY, token]);

test('a duplicated tab (same token) gets its own session and says so; the first tab keeps its own', async ({
  context,
}) => {
  const first = await context.newPage();
  const sockets1: string[] = [];
  first.on('websocket', (ws) => sockets1.push(ws.url()));
  const one = new StagePage(first);
  await one.open();
  const id = await one.createSocket({ proto: 'tcp', label: 'first' });
  const token = (await tokenOf(first))!;
  expect(token).toBeTruthy();

  const copy = await context.newPage();
  await withToken(copy, token);
  const two = new StagePage(copy);
  await two.open();
  await expect(copy.getByTestId('session-own')).toContainText('its own session');
  await expect.poll(() => tokenOf(copy)).not.toBe(token);
  await expect(two.sockets).toHaveCount(0); // not the first tab's sockets

  // No eviction loop: the first tab stays on its one connection, its socket still there, still acting.
  await two.createSocket({ proto: 'udp', label: 'second' });
  await expect(first.getByTestId('connection-status')).toHaveAttribute('data-status', 'open');
  await expect(first.getByTestId('session-evicted')).toHaveCount(0);
  await one.act(id, 'listen');
  await one.expectPhase(id, 'listening');
  expect(sockets1).toHaveLength(1);
  await copy.screenshot({ path: 'e2e/artifacts/two-tabs-own-session-1280.png' });
});

test('a page whose session is resumed elsewhere stops, says so, and can take it back', async ({ context, browser }) => {
  const page = await context.newPage();
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  const stage = new StagePage(page);
  await stage.open();
  const id = await stage.createSocket({ proto: 'tcp', label: 'mine' });
  const token = (await tokenOf(page))!;

  // Another browser (its own storage and locks) resumes the same session with the token.
  const elsewhere = await browser.newContext({ locale: 'en-GB', baseURL: test.info().project.use.baseURL });
  const other = await elsewhere.newPage();
  await withToken(other, token);
  const otherStage = new StagePage(other);
  await otherStage.open(new URL('/', page.url()).toString());
  await otherStage.expectPhase(id, 'created'); // the same session, resumed

  const evicted = page.getByTestId('session-evicted');
  await expect(evicted).toContainText('will not reconnect by itself');
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'evicted');
  await page.screenshot({ path: 'e2e/artifacts/two-tabs-evicted-1280.png' });
  // It does not reconnect by itself: the other page keeps the session while this one waits.
  await otherStage.act(id, 'listen');
  await otherStage.expectPhase(id, 'listening');
  expect(sockets).toHaveLength(1);
  await expect(other.getByTestId('connection-status')).toHaveAttribute('data-status', 'open');

  // Take it back: this page follows the session again, with what happened meanwhile; the other one stops.
  await evicted.getByRole('button', { name: 'Take it back here' }).click();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'open');
  await stage.expectPhase(id, 'listening');
  await expect(other.getByTestId('session-evicted')).toBeVisible();
  await elsewhere.close();
});

test('a reload is not a second tab: it resumes its own session', async ({ page }) => {
  const stage = new StagePage(page);
  await stage.open();
  const id = await stage.createSocket({ proto: 'tcp', label: 'kept' });
  const token = await tokenOf(page);
  await page.reload();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'open');
  await stage.expectPhase(id, 'created');
  expect(await tokenOf(page)).toBe(token);
  await expect(page.getByTestId('session-own')).toHaveCount(0);
});
