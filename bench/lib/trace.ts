/**
 * Chromium's tracing for the page benches: where the renderer's main thread
 * spends its time (script, style, layout, paint, garbage collection…), which a
 * JavaScript CPU profile lumps together as "(program)".
 *
 *     const trace = await startTrace(page);
 *     … the load …
 *     const slices = await trace.stop(); // [{ name: 'Layout', ms: 412, share: 0.21 }, …]
 */
import type { CDPSession, Page } from '@playwright/test';

/** One kind of the main thread's work and the time it took, outermost slices only. */
export interface TraceSlice {
  name: string;
  ms: number;
  /** How many slices, and the longest one (a long task is what drops a frame). */
  count: number;
  maxMs: number;
  /** Share of the traced wall time, 0–1. */
  share: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink.user_timing'];

/** Names too generic to say anything on their own: their children are counted instead. */
const WRAPPERS = new Set(['RunTask', 'ThreadControllerImpl::RunTask', 'ProxyMain', 'RunMicrotasks']);

export async function startTrace(page: Page): Promise<{ stop: () => Promise<TraceSlice[]> }> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => void events.push(...(e.value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES }, transferMode: 'ReportEvents' });
  const started = Date.now();
  return {
    stop: async () => {
      const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
      await cdp.send('Tracing.end');
      await done;
      const wallMs = Date.now() - started;
      return summarise(events, wallMs);
    },
  };
}

/** Sums the outermost complete slices of the renderer's main thread by name (below the task wrappers). */
export function summarise(events: readonly TraceEvent[], wallMs: number, top = 12): TraceSlice[] {
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return [];
  const slices = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const byName = new Map<string, { ms: number; count: number; maxMs: number }>();
  // A stack of the open slices' ends: a slice inside a counted one is not counted again.
  const open: { end: number; counted: boolean }[] = [];
  for (const s of slices) {
    while (open.length && open.at(-1)!.end <= s.ts) open.pop();
    const insideCounted = open.some((o) => o.counted);
    const counted = !insideCounted && !WRAPPERS.has(s.name);
    if (counted) {
      const ms = (s.dur ?? 0) / 1000;
      const sum = byName.get(s.name) ?? { ms: 0, count: 0, maxMs: 0 };
      byName.set(s.name, { ms: sum.ms + ms, count: sum.count + 1, maxMs: Math.max(sum.maxMs, ms) });
    }
    open.push({ end: s.ts + (s.dur ?? 0), counted });
  }
  return [...byName]
    .map(([name, sum]) => ({ name, ...sum, share: sum.ms / wallMs }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top);
}
