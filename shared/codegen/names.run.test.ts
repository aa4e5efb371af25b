/**
 * Free mode and lessons agree on names: a built-in lesson run for real (the
 * real driver, an in-process server, the page's language), then the program
 * of the session it produced is generated as in free mode; each socket the
 * lesson named has the same variable in both programs, in both languages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/testing/server';
import { BUILTIN_LESSONS } from '../lessons/builtin';
import type { AlloTestClient } from '../../server/testing/client';
import { advance, isFinished, startLesson } from '../lessons/runner';
import { runStep, type LessonIo } from '../lessons/driver';
import { generate, generateLesson } from './index';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

/** The page's interface to the driver, over the test client, in one language. */
function io(c: AlloTestClient, lang: 'fr' | 'en'): LessonIo {
  return {
    send: (command) => c.request(command),
    events: () => c.events,
    changed: (ms) => {
      const n = c.events.length;
      return c.until(() => c.events.length > n, 'events', ms).catch(() => undefined);
    },
    lang: () => lang,
  };
}

/** The variables declared with socket(), in order (C). */
const declared = (lines: readonly string[]) => lines.flatMap((l) => /^\s*int (\w+) = socket\(/.exec(l)?.[1] ?? []);

describe('the same socket has the same name in the lesson program and in the program of its session', () => {
  for (const id of ['appel', 'carte-postale']) {
    for (const lang of ['fr', 'en'] as const) {
      it(`${id}, ${lang}`, async () => {
        const lesson = BUILTIN_LESSONS.find((l) => l.id === id)!;
        const c = await server.client();
        let s = startLesson(lesson, 0);
        for (let i = 0; i < lesson.steps.length; i++) {
          s = await runStep(s, io(c, lang));
          expect(s.status, `step ${i}`).toBe('done');
          if (!isFinished(s)) s = advance(s);
        }
        const labelled = lesson.steps.flatMap((st) =>
          st.actions.flatMap((a) => (a.op === 'socket' ? [a.label !== undefined] : [])),
        );
        const fromLesson = declared(generateLesson(lesson, 'c', 't', lang).lines);
        const fromSession = declared(generate(c.events, 'c', 't', lang).lines);
        expect(fromSession).toHaveLength(fromLesson.length);
        labelled.forEach((named, i) => {
          if (named) expect(fromSession[i], `socket ${i}`).toBe(fromLesson[i]);
        });
        expect(fromLesson).toContain(
          lang === 'fr' ? (id === 'appel' ? 'serveur' : 'boite') : id === 'appel' ? 'server' : 'mailbox',
        );
        await c.close();
      }, 60_000);
    }
  }
});
