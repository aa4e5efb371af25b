/**
 * Every built-in lesson, run to its end by the real driver against an
 * in-process Allô server: real sockets on loopback, every check must pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/testing/server';
import type { AlloTestClient } from '../../server/testing/client';
import type { Event } from '../protocol';
import { BUILTIN_LESSONS } from './builtin';
import { restartLessonRun, runStep, type LessonIo } from './driver';
import { advance, isFinished, openLessonSockets, startLesson, type RunnerState } from './runner';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

/** A LessonIo over the test client: the same interface the page gives the driver. */
export function clientIo(c: AlloTestClient): LessonIo {
  return {
    send: (command) => c.request(command),
    events: () => c.events,
    changed: (ms) => {
      const n = c.events.length;
      return c.until(() => c.events.length > n, 'events', ms).catch(() => undefined);
    },
  };
}

/**
 * Like the page: events become visible only once per frame (every 16 ms), so a
 * reply can arrive before the events that explain it.
 */
function frameIo(c: AlloTestClient): LessonIo & { stop(): void } {
  const visible: Event[] = [];
  const timer = setInterval(() => visible.push(...c.events.slice(visible.length)), 16);
  const base = clientIo(c);
  return {
    send: base.send,
    events: () => visible,
    changed: async (ms) => {
      const n = visible.length;
      const deadline = Date.now() + ms;
      while (visible.length === n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 8));
    },
    stop: () => clearInterval(timer),
  };
}

async function runToEnd(s: RunnerState, io: LessonIo): Promise<RunnerState> {
  for (let i = 0; i < s.lesson.steps.length; i++) {
    s = await runStep(s, io);
    const why = JSON.stringify({ failure: s.failure, checks: s.checks?.filter((c) => !c.ok) });
    expect(s.status, `step ${i}: ${why}`).toBe('done');
    if (!isFinished(s)) s = advance(s);
  }
  return s;
}

describe('built-in lessons on real sockets, events applied once per frame as on the page', () => {
  for (const lesson of BUILTIN_LESSONS) {
    it(`${lesson.id} runs to its end`, async () => {
      const c = await server.client();
      const io = frameIo(c);
      const s = await runToEnd(startLesson(lesson, 0), io);
      expect(isFinished(s)).toBe(true);
      io.stop();
      await c.close();
    });
  }
});

describe('built-in lessons on real sockets', () => {
  for (const lesson of BUILTIN_LESSONS) {
    it(`${lesson.id} runs to its end with every check passing`, async () => {
      const c = await server.client();
      const io = clientIo(c);
      const s = await runToEnd(startLesson(lesson, 0), io);
      expect(isFinished(s)).toBe(true);
      // Restart closes whatever the lesson left open, and starts from step 0.
      const again = await restartLessonRun(s, io);
      expect(again.index).toBe(0);
      await c.until(() => openLessonSockets(s, c.events).length === 0, 'lesson sockets closed');
      await c.close();
    });
  }
});

describe('built-in lessons speak the page language', () => {
  /** Every per-language text a lesson sends, in one language. */
  const texts = (lesson: (typeof BUILTIN_LESSONS)[number], lang: 'fr' | 'en') =>
    lesson.steps.flatMap((s) =>
      s.actions.flatMap((a) => (a.op === 'send' && typeof a.text === 'object' ? [a.text[lang]] : [])),
    );

  for (const lesson of BUILTIN_LESSONS.filter((l) => texts(l, 'en').length > 0)) {
    it(`${lesson.id} in English sends English sentences, and its checks pass on them`, async () => {
      const c = await server.client();
      const io: LessonIo = { ...clientIo(c), lang: () => 'en' };
      await runToEnd(startLesson(lesson, 0), io);
      const sent = c.events.flatMap((e) => (e.kind === 'sent' && e.data.text !== undefined ? [e.data.text] : []));
      expect(sent.length).toBeGreaterThan(0);
      for (const fr of texts(lesson, 'fr')) expect(sent).not.toContain(fr);
      for (const en of texts(lesson, 'en')) expect(sent).toContain(en);
      await c.close();
    });
  }
});
