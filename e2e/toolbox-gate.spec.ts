import net from 'node:net';
import { once } from 'node:events';
import { test, expect } from './fixtures';
import { StagePage } from './pages/StagePage';
import { TimelinePage } from './pages/TimelinePage';

test.use({ locale: 'en-GB' });

test('paused in the past, "Pick up" returns to live first and says so: the new socket is on the stage', async ({
  page,
}) => {
  const stage = new StagePage(page);
  const timeline = new TimelinePage(page);
  await stage.open();
  const first = await stage.createSocket({ proto: 'tcp', label: 'one' });
  await timeline.pause();
  await timeline.key('Home'); // before the first event: the stage is empty
  await expect(stage.sockets).toHaveCount(0);
  await expect(page.getByTestId('toolbox-gate')).toContainText('first returns to live');

  const second = await stage.createSocket({ proto: 'udp', label: 'two' });
  await expect(timeline.bar).toHaveAttribute('data-live', 'true');
  await expect(page.getByTestId('toolbox-gate')).toContainText('Back to live');
  await expect(stage.socket(first)).toBeVisible();
  await expect(stage.socket(second)).toBeVisible();
  await stage.screenshot('toolbox-went-live-1280');
});

test('a recording opened in a live page: asked first, no live action on its sockets, and back to the live session', async ({
  page,
}, testInfo) => {
  const stage = new StagePage(page);
  const timeline = new TimelinePage(page);
  await stage.open();
  const { server, client } = await stage.call({ server: 'server', client: 'client' });
  const download = await timeline.exportRecording();
  const file = testInfo.outputPath('call.json');
  await download.saveAs(file);
  const head = await timeline.head();
  const listenPort = await stage.localPort(server);

  // Asked first; Cancel changes nothing.
  await page.getByTestId('recording-input').setInputFiles(file);
  const ask = page.getByRole('alertdialog');
  await expect(ask).toContainText('live session stays connected');
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(ask).toHaveCount(0);
  await expect(timeline.bar).toHaveAttribute('data-live', 'true');

  await page.getByTestId('recording-input').setInputFiles(file);
  await ask.getByRole('button', { name: 'Open the recording' }).click();
  await expect(page.getByTestId('recording-mode')).toBeVisible();
  await timeline.key('End');
  await expect(stage.socket(client)).toHaveAttribute('data-phase', 'connected');
  // The recording's sockets offer nothing live: no action, no "Hang up", and the toolbox says why.
  await expect(page.getByTestId('toolbox-gate')).toContainText('This is a recording');
  await expect(stage.actionButtons).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Hang up/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /socket\(\)/ })).toHaveCount(0);
  await stage.screenshot('recording-in-live-page-1280');

  // While the recording is on screen, a real peer outside the session calls the live listener: the live
  // session takes the call (parked, not shown), and nothing of it may be lost.
  const outside = net.connect({ host: '127.0.0.1', port: listenPort });
  outside.on('error', () => {});
  await once(outside, 'connect');
  await expect(page.getByTestId('recording-mode')).toBeVisible();

  // Meanwhile the live session is still there: back to it without a reload, and it still acts.
  await page.getByRole('button', { name: 'Back to the live session' }).first().click();
  await expect(timeline.bar).toHaveAttribute('data-live', 'true');
  // Nothing of the live session lost, and what it received while parked is there: the outside call,
  // accepted. (Not an exact head: the kernel's view of the first call may change after the export too.)
  await expect.poll(() => timeline.head()).toBeGreaterThan(head);
  await expect(page.locator('[data-testid="socket"][data-phase="connected"]')).toHaveCount(3);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'open');
  await stage.act(client, 'close');
  await stage.expectPhase(client, 'closed');
  await expect(stage.socket(server)).toBeVisible();
  outside.destroy();
});
