import { test, expect } from './fixtures';
import { StagePage } from './pages/StagePage';
import { TimelinePage } from './pages/TimelinePage';

test.use({ locale: 'en-GB' });

/** Computed opacity of an element and of every ancestor up to the stage, multiplied: what the eye gets. */
const seenOpacity = (el: Element) => {
  let o = 1;
  for (let e: Element | null = el; e && !e.classList.contains('stage'); e = e.parentElement) {
    o *= Number(getComputedStyle(e).opacity);
  }
  return o;
};

test('paused, every stepped frame is fully drawn: caption and new phase labels at full opacity', async ({ page }) => {
  const stage = new StagePage(page);
  const timeline = new TimelinePage(page);
  await stage.open();
  await stage.call({ server: 'server', client: 'client' });
  await timeline.pause();
  const head = await timeline.head();
  await timeline.stepTo(1);

  // Step forward through the whole call: after each step, what changed reads at full contrast at once.
  for (let seq = 2; seq <= head; seq++) {
    await timeline.key('ArrowRight');
    await timeline.expectCursor(seq);
    const caption = page.getByTestId('caption');
    await expect(caption).toHaveAttribute('data-seq', /\d+/);
    await expect.poll(() => caption.evaluate(seenOpacity)).toBe(1);
    const phases = page.locator('[data-testid="socket"] .card-phase');
    const opacities = await phases.evaluateAll(
      (els, f) => els.map((e) => new Function(`return (${f})`)()(e)),
      seenOpacity.toString(),
    );
    expect(
      opacities.every((o: number) => o === 1),
      `phase label opacities at #${seq}: ${opacities}`,
    ).toBe(true);
  }
  await timeline.stepTo(2);
  await stage.screenshot('stepped-frame-1280');
});
