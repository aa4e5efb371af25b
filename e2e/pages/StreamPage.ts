import type { Locator, Page } from '@playwright/test';

/**
 * The "Follow the stream" panel as a student reads it: one call's bytes, what
 * each side said in order, with the calls and segments that carried them.
 * Reads the page contract: follow-stream (data-socket, data-mode), stream-part (data-dir).
 */
export class StreamPage {
  constructor(readonly page: Page) {}

  /** The panel itself: data-socket is the call it follows, data-mode text or hex. */
  get panel(): Locator {
    return this.page.getByTestId('follow-stream');
  }

  /** The transcript's parts, in order: what this side heard (`in`), what it said (`out`), or both. */
  parts(dir?: 'in' | 'out'): Locator {
    return this.panel.locator(`[data-testid="stream-part"]${dir ? `[data-dir="${dir}"]` : ''}`);
  }

  /** The buttons naming the calls behind the parts ("send() #12"…); each moves the timeline to its call. */
  calls(dir?: 'in' | 'out'): Locator {
    return this.parts(dir).locator('.stream-call');
  }
}
