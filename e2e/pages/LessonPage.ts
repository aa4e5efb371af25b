import { expect, type Locator, type Page } from '@playwright/test';
import type { CodeLang } from '../../shared/lessons/schema';

export type StepStatus = 'ready' | 'running' | 'done' | 'failed';

/**
 * The lessons panel and the code view, as a student follows a lesson: pick a
 * lesson, read the step, run it, check what happened, move on. Reads progress
 * through the page contract (lesson, lesson-step, lesson-next, code).
 */
export class LessonPage {
  constructor(readonly page: Page) {}

  async open(path = '/') {
    await this.page.goto(path);
    await expect(this.page.getByTestId('connection-status')).toHaveAttribute('data-status', 'open');
    await this.page.getByRole('tab', { name: /^(Lessons|Leçons)$/ }).click();
    await expect(this.entries.first()).toBeVisible();
  }

  get entries(): Locator {
    return this.page.getByTestId('lesson');
  }

  entry(id: string): Locator {
    return this.page.locator(`[data-testid="lesson"][data-lesson="${id}"]`);
  }

  get step(): Locator {
    return this.page.getByTestId('lesson-step');
  }

  get next(): Locator {
    return this.page.getByTestId('lesson-next');
  }

  get failure(): Locator {
    return this.page.getByTestId('lesson-failure');
  }

  get code(): Locator {
    return this.page.getByTestId('code');
  }

  async start(id: string) {
    await this.entry(id).click();
    await expect(this.step).toHaveAttribute('data-lesson', id);
    await this.expectStep(0, 'ready');
  }

  async expectStep(index: number, status: StepStatus) {
    await expect(this.step).toHaveAttribute('data-step', String(index));
    await expect(this.step).toHaveAttribute('data-status', status);
  }

  async steps(): Promise<number> {
    return Number(await this.step.getAttribute('data-steps'));
  }

  /** Runs the step on screen and waits until it is checked (or failed, which fails the test with the reason). */
  async runStep(index: number) {
    await this.expectStep(index, 'ready');
    await this.next.click();
    await expect(this.step).not.toHaveAttribute('data-status', /ready|running/);
    const status = await this.step.getAttribute('data-status');
    if (status !== 'done')
      throw new Error(`step ${index} ${status}: ${await this.failure.innerText().catch(() => '')}`);
    // Every assertion of the check passed, on the real events.
    await expect(this.page.locator('[data-testid="lesson-check"][data-ok="false"]')).toHaveCount(0);
    expect(await this.page.getByTestId('lesson-check').count()).toBeGreaterThan(0);
  }

  /** Moves from a checked step to the next one. */
  async advance(index: number) {
    await this.next.click();
    await this.expectStep(index + 1, 'ready');
  }

  /** Runs every step of the lesson on screen; calls `onStep` after each. */
  async runToEnd(onStep?: (index: number) => Promise<void>) {
    const total = await this.steps();
    for (let i = 0; i < total; i++) {
      await this.runStep(i);
      await onStep?.(i);
      if (i < total - 1) await this.advance(i);
    }
    await expect(this.next).toHaveAttribute('data-action', 'finished');
  }

  /** The code view's tab for one language (C, Python, Node.js, Java). */
  codeTab(lang: CodeLang): Locator {
    return this.page.locator(`[data-testid="code-tab"][data-lang="${lang}"]`);
  }

  /** The step's checks that were not made, for one reason (data-skipped, e.g. capture-off), each saying so. */
  skippedChecks(reason: string): Locator {
    return this.page.locator(`[data-testid="lesson-check"][data-skipped="${reason}"]`);
  }

  /** Lines highlighted in the code view (the current step's). */
  get highlighted(): Locator {
    return this.code.locator('[data-hl]');
  }

  async loadFile(name: string, content: string) {
    await this.page
      .getByTestId('lesson-file')
      .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(content) });
  }
}
