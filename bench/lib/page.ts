/**
 * What the Chromium benchmarks share: Debian's Chromium with the flags this
 * machine needs, a requestAnimationFrame loop in the page that records frame
 * intervals, and their statistics.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { percentile } from './stats';

/** Debian's Chromium, or the one CHROMIUM_PATH names. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

export interface FrameStats {
  frames: number;
  p50: number;
  p95: number;
  max: number;
  /** Share of frame intervals over 33 ms (below 30 fps), 0–1. */
  over33: number;
}

// An in-page script as a string: tsx would otherwise wrap a function with helpers the page lacks.
const FRAME_RECORDER = `(() => {
  window.__frames = [];
  let last = performance.now();
  const tick = (now) => { window.__frames.push(now - last); last = now; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})()`;

/** Starts recording the page's frame intervals. */
export async function recordFrames(page: Page): Promise<void> {
  await page.evaluate(FRAME_RECORDER);
}

/** The intervals recorded since the last call (or the start), and starts a new batch. */
export function takeFrames(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const w = window as unknown as { __frames: number[] };
    const f = w.__frames;
    w.__frames = [];
    return f;
  });
}

export function frameStats(intervals: readonly number[]): FrameStats {
  const sorted = [...intervals].sort((a, b) => a - b);
  return {
    frames: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted.at(-1) ?? NaN,
    over33: sorted.filter((x) => x > 33).length / (sorted.length || 1),
  };
}
