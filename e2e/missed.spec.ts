import dgram from 'node:dgram';
import type { WebSocketRoute } from '@playwright/test';
import { test, expect } from './fixtures';
import { StagePage } from './pages/StagePage';

// A server that keeps only 20 events per session for replay, so a busy session
// sheds events while its page is away.
test.use({ serverArgs: ['--limit', 'maxEventsPerSession=20'] });

test('events the server shed while the page was away are counted on the page, and the session goes on', async ({
  page,
}) => {
  const stage = new StagePage(page);
  // Every connection of the page goes through this route, so the test can drop
  // the line and hold the page's reconnection until the server has shed events.
  let current: WebSocketRoute | undefined;
  let holdReconnect = false;
  await page.routeWebSocket(/\/ws$/, (ws) => {
    if (holdReconnect) return void ws.close({ code: 1001, reason: 'held by the test' });
    current = ws;
    ws.connectToServer();
  });
  await stage.open();
  const box = await stage.createSocket({ proto: 'udp', label: 'mailbox' });
  await stage.act(box, 'bind');
  await stage.expectPhase(box, 'bound');
  const port = await stage.localPort(box);
  await expect(page.getByTestId('missed-events')).toHaveCount(0);

  // The line drops; a real peer posts 40 postcards meanwhile: 40 `received` events, more than the server keeps.
  holdReconnect = true;
  await current!.close({ code: 1001, reason: 'line dropped by the test' });
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'reconnecting');
  const peer = dgram.createSocket('udp4');
  try {
    for (let i = 1; i <= 40; i++) await new Promise<void>((r) => peer.send(`carte ${i}`, port, '127.0.0.1', () => r()));
  } finally {
    peer.close();
  }

  // Back on the line: the session resumes (same sockets), and the page says how many events it never got.
  holdReconnect = false;
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'open', { timeout: 20_000 });
  const missed = page.getByTestId('missed-events');
  await expect(missed).toBeVisible();
  const count = Number(await missed.getAttribute('data-missed'));
  expect(count).toBeGreaterThan(0);
  expect(count).toBeLessThanOrEqual(40);
  await expect(missed).toContainText(`${count} events missed`);
  await stage.expectPhase(box, 'bound');
  await expect(stage.socket(box)).toContainText('carte 40');
  await page.screenshot({ path: 'e2e/artifacts/missed-events.png' });
});
