import { expect, type Download, type Locator, type Page } from '@playwright/test';

/**
 * The timeline bar and recordings, as a teacher uses them: pause, step, jump,
 * replay, export the session, open a recording. Reads the cursor through the
 * page contract (data-testid="timeline", data-cursor, data-head).
 */
export class TimelinePage {
  readonly bar: Locator;

  constructor(readonly page: Page) {
    this.bar = page.getByTestId('timeline');
  }

  async cursor(): Promise<number> {
    return Number(await this.bar.getAttribute('data-cursor'));
  }

  async head(): Promise<number> {
    return Number(await this.bar.getAttribute('data-head'));
  }

  async expectCursor(seq: number) {
    await expect(this.bar).toHaveAttribute('data-cursor', String(seq));
  }

  async expectHead(seq: number) {
    await expect(this.bar).toHaveAttribute('data-head', String(seq));
  }

  /** Presses a shortcut with nothing focused that would keep the key for itself. */
  async key(key: string) {
    await this.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await this.page.keyboard.press(key);
  }

  /** Presses a key on the page's body, as it arrives when nothing in particular has the focus. */
  async pressOnBody(key: string) {
    await this.page.locator('body').press(key);
  }

  /** Clicks the page 5 px from its top-left corner, taking the focus from any field: the next keys are shortcuts. */
  async clickPageCorner() {
    await this.page.locator('body').click({ position: { x: 5, y: 5 } });
  }

  /** The line of the ? overlay that lists one shortcut key and what it does. */
  helpRow(key: string): Locator {
    return this.page.locator(`[data-testid="help-row"][data-key="${key}"]`);
  }

  /** Steps with ← / → until the cursor stands on `seq` (bounded by the distance). */
  async stepTo(seq: number) {
    const from = await this.cursor();
    const key = seq < from ? 'ArrowLeft' : 'ArrowRight';
    for (let i = 0; i < Math.abs(seq - from); i++) await this.key(key);
    await this.expectCursor(seq);
  }

  button(name: RegExp): Locator {
    return this.bar.getByRole('button', { name });
  }

  async pause() {
    await this.button(/^Pause/).click();
    await expect(this.bar).toHaveAttribute('data-live', 'false');
  }

  /** Exports the session; resolves with the download. */
  async exportRecording(): Promise<Download> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.button(/^Export recording/).click(),
    ]);
    return download;
  }

  /** Opens a recording file; with `head`, waits until the page holds its events (reading it is asynchronous). */
  async importRecording(file: string | { name: string; mimeType: string; buffer: Buffer }, head?: number) {
    // A live page asks first (its session stays connected, to come back to); an offline one just opens it.
    const live = (await this.page.getByTestId('connection-status').getAttribute('data-status')) !== 'offline';
    await this.page.getByTestId('recording-input').setInputFiles(file);
    if (live && (await this.page.getByTestId('recording-mode').count()) === 0) {
      await this.page
        .getByRole('alertdialog')
        .getByRole('button', { name: /^(Open the recording|Ouvrir l'enregistrement)$/ })
        .click();
    }
    if (head !== undefined) await this.expectHead(head);
  }

  async screenshot(name: string) {
    await this.page.screenshot({ path: `e2e/artifacts/${name}.png` });
  }
}
