import { test, expect } from './fixtures';
import { StagePage } from './pages/StagePage';

test.use({ locale: 'en-GB' });

test('"not reading" shows a pause icon drawn as SVG, which needs no font', async ({ page }) => {
  const stage = new StagePage(page);
  await stage.open();
  const { client } = await stage.call({ server: 'server', client: 'client' });
  await stage.act(client, 'pause');
  const badge = stage.pausedBadge(client);
  await expect(badge).toBeVisible();
  // Debian's Chromium has no font with U+23F8: the glyph drew an empty box.
  await expect(badge).not.toContainText('⏸');
  const icon = stage.pauseIcon(client);
  await expect(icon).toBeVisible();
  const box = await icon.boundingBox();
  expect(box!.width).toBeGreaterThan(6);
  await badge.screenshot({ path: 'e2e/artifacts/paused-glyph.png' });
});
