import { expect, type Locator, type Page } from '@playwright/test';
import type { Metric } from '../../client/features/compare/metrics';

export type Lane = 'tcp' | 'udp';
export type Preset = 'wired' | 'wifi' | 'satellite' | 'terrible';
export type { Metric };

/**
 * The compare view as a teacher uses it: open it, pick a network, adjust a
 * setting, run, and read the scoreboard. Reads the scoreboard through its
 * hooks (data-testid="score" data-lane data-metric data-value).
 */
export class ComparePage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto('/');
    await expect(this.page.getByTestId('connection-status')).toHaveAttribute('data-status', 'open');
    await this.page.getByRole('button', { name: /TCP (vs|ou) UDP/ }).click();
    await expect(this.view).toBeVisible();
  }

  get view(): Locator {
    return this.page.getByTestId('compare');
  }

  preset(name: Preset): Locator {
    return this.view.locator(`button[data-preset="${name}"]`);
  }

  field(name: string): Locator {
    return this.view.locator(`input[name="${name}"]`);
  }

  /** Which link the lanes cross (data-mode="kernel|relay"), said at the top of the view. */
  get linkNote(): Locator {
    return this.page.getByTestId('compare-link');
  }

  get histogram(): Locator {
    return this.page.getByTestId('latency-histogram');
  }

  get retransmitMarks(): Locator {
    return this.page.getByTestId('retransmit-mark');
  }

  get legend(): Locator {
    return this.page.getByTestId('compare-legend');
  }

  /** Whether the server can run the lanes over the kernel's own lossy link (welcome's capability). */
  async kernelLink(): Promise<boolean> {
    await expect(this.linkNote).toBeVisible();
    return (await this.linkNote.getAttribute('data-mode')) === 'kernel';
  }

  get runButton(): Locator {
    return this.page.getByTestId('compare-run');
  }

  lane(lane: Lane): Locator {
    return this.view.locator(`[data-testid="compare-lane"][data-lane="${lane}"]`);
  }

  cells(lane: Lane, state?: string): Locator {
    return this.lane(lane).locator(state ? `.cmp-cell[data-state="${state}"]` : '.cmp-cell');
  }

  score(lane: Lane, metric: Metric): Locator {
    return this.view.locator(`[data-testid="score"][data-lane="${lane}"][data-metric="${metric}"]`);
  }

  async value(lane: Lane, metric: Metric): Promise<number> {
    return Number(await this.score(lane, metric).getAttribute('data-value'));
  }

  async run() {
    await this.runButton.click();
    await expect(this.page.getByTestId('compare-status')).toHaveAttribute('data-status', /running|done/);
  }

  /** Picks a preset, sets the script's fields, runs, and waits for the run to finish. */
  async runToEnd(preset: Preset, fields: Record<string, string>) {
    await this.preset(preset).click();
    for (const [name, value] of Object.entries(fields)) await this.field(name).fill(value);
    await this.run();
    await this.waitDone();
  }

  /** Every scoreboard value of `metrics`, both lanes, as "lane.metric=value" lines. */
  async snapshot(metrics: readonly Metric[]): Promise<string[]> {
    const out: string[] = [];
    for (const m of metrics)
      for (const lane of ['tcp', 'udp'] as const)
        out.push(`${lane}.${m}=${await this.score(lane, m).getAttribute('data-value')}`);
    return out;
  }

  async waitDone(timeout = 30_000) {
    await expect(this.page.getByTestId('compare-status')).toHaveAttribute('data-status', 'done', { timeout });
  }
}
