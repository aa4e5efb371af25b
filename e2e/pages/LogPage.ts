import { expect, type Locator, type Page } from '@playwright/test';
import type { EventKind } from '../../shared/protocol';

/** The event log: rows by the page contract (data-testid="event-row", data-seq, data-kind), filters, text/hex. */
export class LogPage {
  readonly rows: Locator;
  readonly scroller: Locator;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId('event-row');
    this.scroller = page.getByTestId('event-log-scroll');
  }

  row(seq: number): Locator {
    return this.page.locator(`[data-testid="event-row"][data-seq="${seq}"]`);
  }

  /** The rows of one kind (capture, received, segment…), in order. */
  rowsOfKind(kind: EventKind): Locator {
    return this.page.locator(`[data-testid="event-row"][data-kind="${kind}"]`);
  }

  /** The rows whose text names a socket (its label or id); with `kind`, only the rows of that kind. */
  rowsAbout(text: string, kind?: EventKind): Locator {
    const rows = this.page.locator(`[data-testid="event-row"]`).filter({ hasText: text });
    return kind ? rows.and(this.page.locator(`[data-kind="${kind}"]`)) : rows;
  }

  /** A row's one-line summary: what happened, in words. */
  summaryOf(row: Locator): Locator {
    return row.locator('.event-summary');
  }

  /** The one-line summary of every row on screen, in order. */
  get summaries(): Locator {
    return this.page.locator('[data-testid="event-row"] .event-summary');
  }

  /** Kinds of the rows on screen, in order. */
  async kinds(): Promise<string[]> {
    return this.rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind') ?? ''));
  }

  async seqs(): Promise<number[]> {
    return this.rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-seq'))));
  }

  async filterSocket(id: string | null) {
    await this.page.getByRole('combobox', { name: /Filter by socket/ }).selectOption(id ?? '');
  }

  async filterKind(kind: string | null) {
    await this.page.getByRole('combobox', { name: /Filter by kind/ }).selectOption(kind ?? '');
  }

  async search(text: string) {
    await this.page.getByRole('searchbox', { name: /Search events/ }).fill(text);
  }

  async toggleHex() {
    await this.page.getByRole('button', { name: /^(Text|Hex)$/ }).click();
  }

  /** How many events the filters keep, out of all. */
  async count(): Promise<{ shown: number; total: number }> {
    const el = this.page.getByTestId('event-log-count');
    return { shown: Number(await el.getAttribute('data-shown')), total: Number(await el.getAttribute('data-total')) };
  }

  async expectCursorRow(seq: number) {
    await expect(this.row(seq)).toHaveAttribute('aria-selected', 'true');
  }
}
