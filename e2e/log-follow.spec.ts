import { test, expect } from './fixtures';
import { StagePage } from './pages/StagePage';
import { TimelinePage } from './pages/TimelinePage';
import { LogPage } from './pages/LogPage';

test.use({ locale: 'en-GB' });

/** The newest row of the log (the timeline's head) is on screen. */
async function expectNewestVisible(log: LogPage, timeline: TimelinePage) {
  await expect(async () => {
    const head = await timeline.head();
    await expect(log.row(head)).toBeInViewport({ timeout: 1000 });
  }).toPass();
}

test('live, the log follows the newest event after every action, stops while I read and follows again at the bottom', async ({
  page,
}) => {
  const stage = new StagePage(page);
  const timeline = new TimelinePage(page);
  const log = new LogPage(page);
  await stage.open();

  const { server, client } = await stage.call({ server: 'server', client: 'client' });
  await expectNewestVisible(log, timeline);
  await expect.poll(() => stage.newIds([server, client])).toHaveLength(1);
  const [callee] = await stage.newIds([server, client]);
  await stage.greetAndSayBye(client, callee!);
  await expectNewestVisible(log, timeline);
  await expect(page.getByRole('button', { name: /Newest/ })).toHaveCount(0);

  // I scroll up to read: the log stays where I am, and offers the way back.
  await log.scroller.evaluate((el) => el.scrollTo({ top: 0 }));
  await expect(log.row(1)).toBeInViewport();
  const newest = page.getByRole('button', { name: /Newest/ });
  await expect(newest).toBeVisible();
  await stage.act(callee!, 'send', { message: 'encore' });
  await expect(stage.socket(client)).toContainText('encore');
  await expect(log.row(1)).toBeInViewport();

  // "Newest ↓" brings me back to the tail, which then follows again.
  await newest.click();
  await expectNewestVisible(log, timeline);
  await expect(newest).toHaveCount(0);
  await stage.act(callee!, 'close');
  await stage.expectPhase(client, 'closed');
  await expectNewestVisible(log, timeline);

  // Scrolling back to the bottom by hand follows again too.
  await log.scroller.evaluate((el) => el.scrollTo({ top: 0 }));
  await expect(newest).toBeVisible();
  await log.scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(newest).toHaveCount(0);
  await stage.act(server, 'close');
  await stage.expectPhase(server, 'closed');
  await expectNewestVisible(log, timeline);
  await stage.screenshot('log-follows-1280');
});

test.describe('en français', () => {
  test.use({ locale: 'fr-FR' });
  test('le bouton « plus récent » parle français', async ({ page }) => {
    const stage = new StagePage(page);
    const log = new LogPage(page);
    await stage.open();
    await stage.call({ server: 'serveur', client: 'client' });
    await log.scroller.evaluate((el) => el.scrollTo({ top: 0 }));
    await expect(page.getByRole('button', { name: /Plus récent/ })).toBeVisible();
  });
});
