import { test, expect } from './fixtures';
import { StagePage } from './pages/StagePage';

/**
 * A refused action is explained where the action is, with the server's
 * specific reason, in the page's language: dialling Allô's own port is not
 * "loopback only", and the sentence is on screen without scrolling, even in
 * large text at 1280×720.
 */
test.describe('a refused action says why, next to the action', () => {
  for (const lang of ['EN', 'FR'] as const) {
    test(`dialling Allô's own port, ${lang}, large text at 1280×720`, async ({ page, alloServer }) => {
      const stage = new StagePage(page);
      await stage.open();
      await stage.setLanguage(lang);
      await stage.largeText();
      const id = await stage.createSocket({ proto: 'tcp' });
      await stage.act(id, 'connect', { host: '127.0.0.1', port: alloServer.port });

      await expect(stage.commandError).toBeVisible();
      await expect(stage.commandError).toHaveAttribute('data-code', 'POLICY_DENIED');
      await expect(stage.commandError).toHaveAttribute('data-reason', 'own-port');
      // The specific reason, in the page's language: never the generic "loopback only".
      await expect(stage.commandError).toContainText(lang === 'EN' ? /Allô's own/ : /celui d’Allô/);
      await expect(stage.commandError).not.toContainText(lang === 'EN' ? /only calls loopback/ : /n’appelle que/);
      if (lang === 'FR') await expect(stage.commandError).not.toContainText(/pick another|port is/);
      // On screen, and right below the action that was refused.
      await expect(stage.commandError).toBeInViewport();
      const run = await stage.runButton('connect').boundingBox();
      const box = await stage.commandError.boundingBox();
      expect(run && box).toBeTruthy();
      expect(box!.y).toBeGreaterThanOrEqual(run!.y);
      expect(box!.y - (run!.y + run!.height)).toBeLessThan(120);
      await page.screenshot({ path: `e2e/artifacts/error-own-port-${lang.toLowerCase()}-large.png` });
    });
  }
});
