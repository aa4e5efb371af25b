import { test, expect } from './fixtures';
import { StagePage } from './pages/StagePage';
import { TimelinePage } from './pages/TimelinePage';

test('a view whose code cannot be loaded says so in its panel, and the rest of the page carries on', async ({
  page,
}) => {
  const stage = new StagePage(page);
  // The sequence diagram's chunk is fetched on demand; make the server "lose" it, as after a redeploy.
  await page.route(/\/assets\/SequenceDiagram[^/]*\.js$/, (route) => route.fulfill({ status: 404, body: 'gone' }));
  await stage.open();
  const server = await stage.createSocket({ proto: 'tcp', label: 'server' });

  await page.getByRole('button', { name: /^(Sequence|Séquence)$/ }).click();
  const failed = page.getByTestId('panel-failed');
  await expect(failed).toHaveAttribute('data-panel', 'main');
  await expect(failed).toContainText(/could not be loaded|Impossible de charger/);
  await expect(failed.getByRole('button', { name: /Reload|Recharger/ })).toBeVisible();
  await page.screenshot({ path: 'e2e/artifacts/shell-chunk-failed.png' });

  // The session is untouched: the toolbox, the log and the stage still work.
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'open');
  await page.getByRole('button', { name: /^(Stage|Scène)$/ }).click();
  await expect(failed).toHaveCount(0);
  await stage.act(server, 'listen');
  await stage.expectPhase(server, 'listening');
});

test('1, 2 and 3 switch the main view, and the help overlay lists them', async ({ page }) => {
  const stage = new StagePage(page);
  const timeline = new TimelinePage(page);
  await stage.open();
  await timeline.pressOnBody('2');
  await expect(page.getByRole('button', { name: /^(Sequence|Séquence)$/ })).toHaveAttribute('aria-pressed', 'true');
  await timeline.pressOnBody('3');
  await expect(page.getByRole('button', { name: /^(TCP vs UDP|TCP ou UDP)$/ })).toHaveAttribute('aria-pressed', 'true');
  await timeline.pressOnBody('1');
  await expect(page.getByRole('button', { name: /^(Stage|Scène)$/ })).toHaveAttribute('aria-pressed', 'true');
  await timeline.pressOnBody('?');
  const help = page.getByRole('dialog');
  await expect(help).toContainText('Show the sequence diagram');
  await expect(help).toContainText('Play or pause the replay');
});
