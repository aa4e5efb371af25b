import { test, expect } from './fixtures';
import { StagePage } from './pages/StagePage';
import { TimelinePage } from './pages/TimelinePage';

test.use({ locale: 'en-GB' });

// What issue 10 (stepping) changed, at projector sizes, light, dark and large text: "Newest ↓" in the log,
// the toolbox saying the timeline shows the past, and a fully drawn paused frame.
for (const size of [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
]) {
  for (const look of ['light', 'dark', 'large'] as const) {
    test(`stepping screens at ${size.width}×${size.height}, ${look}`, async ({ page }) => {
      await page.setViewportSize(size);
      if (look === 'dark') await page.emulateMedia({ colorScheme: 'dark' });
      const stage = new StagePage(page);
      const timeline = new TimelinePage(page);
      await stage.open();
      if (look === 'large') await page.getByRole('button', { name: /Large text/ }).click();
      const { server, client } = await stage.call({ server: 'server', client: 'client' });
      // Enough events that the log is longer than its box, even with large text's taller rows.
      const [callee] = await stage.newIds([server, client]);
      await stage.greetAndSayBye(client, callee!);
      // Scroll up only once the log is longer than its box (the call's last events may still be arriving).
      const log = page.getByTestId('event-log-scroll');
      await expect.poll(() => log.evaluate((el) => el.scrollHeight > el.clientHeight * 1.5)).toBe(true);
      await log.evaluate((el) => el.scrollTo({ top: 0 }));
      await expect(page.getByTestId('log-newest')).toBeVisible();
      await timeline.pause();
      await timeline.key('ArrowLeft');
      await expect(page.getByTestId('toolbox-gate')).toContainText('first returns to live');
      await page.screenshot({ path: `e2e/artifacts/stepping-${size.width}-${look}.png` });
    });
  }
}
