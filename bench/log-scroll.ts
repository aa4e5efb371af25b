/**
 * The event log with 100,000 events (`npm run bench -- --only log`: 1,000,000), in real Chromium: a synthesised recording
 * (a TCP call and a UDP pair talking, with kernel events) is imported into the
 * built page with no server connection — the real import path — and then the
 * log is scrolled frame by frame and filtered by socket, kind and words. A
 * requestAnimationFrame loop in the page records frame intervals; we print
 * p50/p95/max, the share over 33 ms, how many rows exist in the DOM, and how
 * long each filter takes to show its rows; then how long one step back on the
 * timeline takes with the stage, then the sequence diagram, on screen.
 *
 *     npm run build && node --import tsx bench/log-scroll.ts [events]
 *
 * Bounded: at most 1,000,000 events (a file of ~250 MB in a temporary folder,
 * removed at the end), at most 2,000 frames of scrolling.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { createAlloServer } from '../server/app';
import { createRecording } from '../shared/recording';
import { EventScript, ep } from '../shared/testing/events';
import { fmt, percentile, within } from './lib/stats';
import { frameStats, launchChromium, recordFrames, takeFrames, type FrameStats } from './lib/page';

export type { FrameStats };

export interface LogScrollOptions {
  /** Events in the recording (default 100,000, at most 1,000,000). */
  events?: number;
  /** Steps back per view (default 30; 0 = none). */
  steps?: number;
  /** Frames of scrolling (default 240, at most 2,000). */
  frames?: number;
  viewport?: { width: number; height: number };
}

export interface LogScrollResult {
  events: number;
  fileMB: number;
  /** From choosing the file to the last event in the store. */
  importMs: number;
  scroll: FrameStats & { rowsInDom: number; pixels: number };
  /** The same page, not scrolling, for as many frames: what the machine's own noise looks like. */
  idle: FrameStats;
  filters: { name: string; rows: number; ms: number; longestFrame: number }[];
  /** One step back on the timeline, until every view (log, stage or sequence diagram) shows it: ms per step. */
  steps: { view: string; p50: number; max: number; n: number }[];
  /** The page's JS heap after the import and the filters (after a GC where the browser allows it), MB. */
  heapMB: number | null;
  /** os.loadavg() at the end: frame figures follow the machine's load. */
  load: number[];
}

/** Used JS heap of the page, after a collection (CDP), in MB. */
async function pageHeapMB(page: Page): Promise<number | null> {
  try {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    return usedSize / 1e6;
  } catch {
    return null;
  }
}

/** A long session as a server would record it: a call, postcards, and the kernel's view, all interleaved. */
export function synthesiseEvents(n: number) {
  const s = new EventScript();
  s.tcpCall({ l: 's1', c: 's2', a: 's3' });
  s.add({ kind: 'created', socket: 's4', proto: 'udp', family: 4 });
  s.add({ kind: 'bound', socket: 's4', local: ep('127.0.0.1', 6001) });
  s.add({ kind: 'created', socket: 's5', proto: 'udp', family: 4 });
  s.add({ kind: 'bound', socket: 's5', local: ep('127.0.0.1', 6002) });
  const offsets = { s2: 0, s3: 0 };
  for (let i = 0; s.events.length < n; i++) {
    const text = `message ${i} from the ${i % 2 ? 'callee' : 'caller'}\n`;
    const [from, to] = i % 2 ? (['s3', 's2'] as const) : (['s2', 's3'] as const);
    if (i % 5 === 4) {
      s.sent('s4', `carte ${i}`, 0, ep('127.0.0.1', 6002));
      s.received('s5', `carte ${i}`, 0, ep('127.0.0.1', 6001));
    } else {
      s.sent(from, text, offsets[from]);
      s.received(to, text, offsets[from]);
      offsets[from] += new TextEncoder().encode(text).byteLength;
    }
    if (i % 50 === 0) s.add({ kind: 'kernel', socket: 's2', state: 'ESTABLISHED', txQueue: 0, rxQueue: i % 7 });
  }
  return s.events.slice(0, n);
}

export async function measureLogScroll(options: LogScrollOptions = {}): Promise<LogScrollResult> {
  const n = Math.min(1_000_000, Math.max(1000, options.events ?? 100_000));
  const stepCount = Math.min(100, Math.max(0, options.steps ?? 30));
  const frames = Math.min(2000, Math.max(30, options.frames ?? 240));
  const events = synthesiseEvents(n);
  const dir = mkdtempSync(join(tmpdir(), 'allo-bench-'));
  const file = join(dir, 'long-session.json');
  const json = JSON.stringify(createRecording(events, { app: 'allo-bench' }));
  writeFileSync(file, json);
  const fileMB = json.length / 1e6;
  const server = await createAlloServer({ host: '127.0.0.1', port: 0, kernelPollMs: 0 });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 1280, height: 720 }, locale: 'en-GB' });
    await page.goto(`${server.url}/?offline`);
    const timeline = page.getByTestId('timeline');
    const last = String(events.at(-1)!.seq);

    const t0 = performance.now();
    await page.getByTestId('recording-input').setInputFiles(file);
    await within(timeline.and(page.locator(`[data-head="${last}"]`)).waitFor({ timeout: 180_000 }), 185_000, 'import');
    const importMs = performance.now() - t0;
    await page.keyboard.press('End');
    await recordFrames(page);

    // Scroll from the top down, a screenful of rows every few frames, driven by the page's own frames.
    const scroller = page.getByTestId('event-log-scroll');
    await scroller.evaluate((el) => (el.scrollTop = 0));
    await page.waitForTimeout(200);
    await takeFrames(page);
    // Baseline: the same page doing nothing for as many frames (a shared machine is noisy; read the two together).
    await page.evaluate(
      `new Promise((resolve) => { let i = 0; const f = () => (++i < ${frames} ? requestAnimationFrame(f) : resolve()); requestAnimationFrame(f); })`,
    );
    const idle = frameStats(await takeFrames(page));
    // A string, not a function: tsx's helpers (__name) do not exist in the page.
    const scrolled = (await page.evaluate(`new Promise((resolve) => {
      const el = document.querySelector('[data-testid="event-log-scroll"]');
      let i = 0, rows = 0, pos = 0;
      const step = () => {
        // Written, never read back: reading scrollTop would force a layout that a wheel does not.
        pos += 97; // not a multiple of the row height: rows come and go every frame
        el.scrollTop = pos;
        if (i % 30 === 0) rows = Math.max(rows, el.querySelectorAll('[data-testid="event-row"]').length);
        if (++i < ${frames}) requestAnimationFrame(step);
        else resolve({ pixels: pos, rowsInDom: rows });
      };
      requestAnimationFrame(step);
    })`)) as { pixels: number; rowsInDom: number };
    const scroll = { ...frameStats(await takeFrames(page)), ...scrolled };

    const filters: LogScrollResult['filters'] = [];
    const count = page.getByTestId('event-log-count');
    const measure = async (name: string, act: () => Promise<unknown>) => {
      const before = await count.getAttribute('data-shown');
      await takeFrames(page);
      const start = performance.now();
      await act();
      // An inline function (the page's CSP forbids evaluating strings in waitForFunction).
      const changed = page.waitForFunction(
        // Changed, and complete: a filter over many events is applied a slice per frame (data-filtering meanwhile).
        (b) => {
          const el = document.querySelector('[data-testid="event-log-count"]');
          return el?.getAttribute('data-shown') !== b && !el?.hasAttribute('data-filtering');
        },
        before,
      );
      await within(changed, 30_000, name);
      const ms = performance.now() - start;
      await page.waitForTimeout(100);
      const rows = Number(await count.getAttribute('data-shown'));
      filters.push({ name, rows, ms, longestFrame: Math.max(...(await takeFrames(page))) });
    };
    const socket = page.getByRole('combobox', { name: /Filter by socket/ });
    const kind = page.getByRole('combobox', { name: /Filter by kind/ });
    const search = page.getByRole('searchbox', { name: /Search events/ });
    await measure('socket = s3', () => socket.selectOption('s3'));
    await measure('socket = s3, kind = received', () => kind.selectOption('received'));
    await measure('kind = received, every socket', () => socket.selectOption(''));
    await measure('kind = received, words "message 4242"', () => search.fill('message 4242'));
    await measure('words "carte", every kind', async () => {
      await search.fill('carte');
      await kind.selectOption('');
    });
    await measure('no filter', () => search.fill(''));

    // Stepping back through 100,000 events: each step recomputes the world (and the diagram) at the cursor.
    const steps: LogScrollResult['steps'] = [];
    for (const view of stepCount ? ['Stage', 'Sequence'] : []) {
      await page.getByRole('button', { name: view, exact: true }).click();
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      // Timed in the page: from the key press to the frame after the views changed.
      const times = (await page.evaluate(`(async () => {
        const bar = document.querySelector('[data-testid="timeline"]');
        const out = [];
        for (let i = 0; i < ${stepCount}; i++) {
          const before = bar.getAttribute('data-cursor');
          const t0 = performance.now();
          window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
          while (bar.getAttribute('data-cursor') === before) await new Promise((r) => setTimeout(r, 0));
          await new Promise((r) => requestAnimationFrame(() => r()));
          out.push(performance.now() - t0);
        }
        return out;
      })()`)) as number[];
      const sorted = times.sort((a, b) => a - b);
      steps.push({ view, p50: percentile(sorted, 50), max: sorted.at(-1)!, n: sorted.length });
    }
    const heapMB = await pageHeapMB(page);
    return { events: n, fileMB, importMs, heapMB, scroll, idle, filters, steps, load: os.loadavg() };
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printLogScroll(r: LogScrollResult): void {
  const s = r.scroll;
  console.log(
    `    ${fmt(r.events, 0)} events (${fmt(r.fileMB, 1)} MB file), imported in ${fmt(r.importMs, 0)} ms; page heap ${r.heapMB === null ? 'unknown' : `${fmt(r.heapMB, 0)} MB (${fmt((r.heapMB * 1e6) / r.events, 0)} bytes per event)`}`,
  );
  console.log(
    `    scrolling ${fmt(s.pixels, 0)} px over ${s.frames} frames: p50 ${fmt(s.p50)} ms, p95 ${fmt(s.p95)} ms, max ${fmt(s.max)} ms, ` +
      `${fmt(s.over33 * 100)}% over 33 ms; at most ${s.rowsInDom} rows in the DOM`,
  );
  const i = r.idle;
  console.log(
    `    idle baseline, same page, ${i.frames} frames: p50 ${fmt(i.p50)} ms, p95 ${fmt(i.p95)} ms, max ${fmt(i.max)} ms, ${fmt(i.over33 * 100)}% over 33 ms`,
  );
  for (const f of r.filters)
    console.log(
      `    filter ${f.name.padEnd(40)} → ${fmt(f.rows, 0).padStart(7)} rows in ${fmt(f.ms, 0)} ms (longest frame ${fmt(f.longestFrame)} ms)`,
    );
  for (const s of r.steps)
    console.log(
      `    one step back, ${s.view} shown: p50 ${fmt(s.p50)} ms, max ${fmt(s.max)} ms (n=${s.n}, key press to the next frame)`,
    );
  console.log(`    load average at the end: ${r.load.map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} CPUs`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const events = Number(process.argv[2]) || undefined;
  console.log(
    `Event log: scrolling and filtering in Chromium … (load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')})`,
  );
  printLogScroll(await measureLogScroll(events ? { events, steps: events > 200_000 ? 10 : 30 } : {}));
}
