import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_LESSONS } from './builtin';
import { toCommand } from './driver';
import { parseLesson } from './loader';
import { Command } from '../protocol';
import { resolveDeep } from './refs';

const dir = join(import.meta.dirname, 'builtin');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('lesson files', () => {
  it('there are at least seven built-in lessons, all loaded', () => {
    expect(files.length).toBeGreaterThanOrEqual(7);
    expect(BUILTIN_LESSONS.map((l) => `${l.id}.json`).sort()).toEqual([...files].sort());
  });

  for (const f of files) {
    it(`${f} is valid against the schema, and every step is written in French and English`, () => {
      const r = parseLesson(readFileSync(join(dir, f), 'utf8'));
      expect(r.ok ? [] : r.errors).toEqual([]);
      if (!r.ok) return;
      expect(`${r.lesson.id}.json`).toBe(f);
      for (const step of r.lesson.steps) {
        for (const text of [step.title, step.narration, step.analogy, step.check.observe]) {
          expect(text.fr.trim()).not.toBe('');
          expect(text.en.trim()).not.toBe('');
          expect(text.fr).not.toBe(text.en);
        }
      }
    });
  }

  it('every action becomes a valid protocol command once its references are known', () => {
    const fake = new Proxy({}, { get: () => ({ socket: 's9', port: 4000, address: '127.0.0.1' }) });
    for (const lesson of BUILTIN_LESSONS) {
      for (const step of lesson.steps) {
        for (const a of step.actions) {
          const cmd = { id: 1, ...toCommand(a, fake) };
          expect(Command.safeParse(cmd).success, JSON.stringify(cmd)).toBe(true);
        }
      }
    }
    expect(resolveDeep({ port: { $ref: 'x.port' } }, { x: { port: 7 } })).toEqual({ port: 7 });
  });

  it("names a lesson's sockets in the page's language when the lesson gives both", () => {
    const pickUp = { op: 'socket', proto: 'tcp', family: 4, label: { fr: 'serveur', en: 'server' } } as const;
    expect(toCommand(pickUp, {}, 'en')).toMatchObject({ op: 'socket', label: 'server' });
    expect(toCommand(pickUp, {}, 'fr')).toMatchObject({ op: 'socket', label: 'serveur' });
    expect(toCommand({ ...pickUp, label: 'Bob' }, {}, 'en')).toMatchObject({ label: 'Bob' });
    // Every built-in lesson names its sockets in English too, where the name is a word.
    const french = BUILTIN_LESSONS.flatMap((l) => l.steps.flatMap((st) => st.actions))
      .flatMap((a) => (a.op === 'socket' && typeof a.label === 'string' ? [a.label] : []))
      .filter((label) => /[éèêàç]|serveur|boîte|sonde/.test(label));
    expect(french).toEqual([]);
  });
});

describe('loading a teacher file', () => {
  const step = (extra: object) => ({
    title: { fr: 'a', en: 'b' },
    narration: { fr: 'a', en: 'b' },
    analogy: { fr: 'a', en: 'b' },
    actions: [],
    check: { observe: { fr: 'a', en: 'b' }, assert: [{ kind: 'created' }] },
    ...extra,
  });
  const lesson = (steps: object[]) =>
    JSON.stringify({ format: 1, id: 'test', title: { fr: 't', en: 't' }, summary: { fr: 's', en: 's' }, steps });

  it('says where the file is wrong', () => {
    const r = parseLesson('{"format":1,"id":"x","title":{"fr":"t"},"summary":{"fr":"s","en":"s"},"steps":[]}');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.join('\n')).toMatch(/title\.en/);
    expect(r.errors.join('\n')).toMatch(/steps/);
    expect(parseLesson('{nope').ok).toBe(false);
  });

  it('rejects a reference to a name nothing defined before, and a malformed reference', () => {
    const before = parseLesson(lesson([step({ actions: [{ op: 'close', socket: { $ref: 'ghost.socket' } }] })]));
    expect(before.ok ? [] : before.errors).toEqual([expect.stringContaining('"ghost"')]);
    const malformed = parseLesson(lesson([step({ actions: [{ op: 'close', socket: { $ref: 'ghost' } }] })]));
    expect(malformed.ok).toBe(false);
    const unknownField = parseLesson(
      lesson([
        step({
          actions: [
            { op: 'socket', proto: 'tcp', family: 4, as: 'a' },
            { op: 'close', socket: { $ref: 'a.colour' } },
          ],
        }),
      ]),
    );
    expect(unknownField.ok).toBe(false);
  });

  it('accepts names defined by an earlier action or wait', () => {
    const ok = parseLesson(
      lesson([
        step({
          actions: [
            { op: 'socket', proto: 'tcp', family: 4, as: 'l' },
            { op: 'listen', socket: { $ref: 'l.socket' }, as: 'l' },
          ],
          waitFor: [{ kind: 'accepted', socket: { $ref: 'l.socket' }, as: 'call' }],
        }),
        step({ actions: [{ op: 'send', socket: { $ref: 'call.socket' }, text: 'hi' }] }),
      ]),
    );
    expect(ok.ok ? [] : ok.errors).toEqual([]);
  });
});

describe('a refused lesson file names one problem, with a code and a place', () => {
  it.each([
    ['{nope', 'NOT_JSON', undefined],
    ['[1, 2]', 'NOT_A_LESSON', undefined],
    ['{"hello": "world"}', 'NOT_A_LESSON', undefined],
    [
      '{"format":1,"id":"Bad Id","title":{"fr":"t","en":"t"},"summary":{"fr":"s","en":"s"},"steps":[]}',
      'INVALID',
      ['id'],
    ],
  ])('%s → %s', (text, code, path) => {
    const r = parseLesson(text);
    expect(r.ok ? undefined : [r.problem.code, r.problem.path]).toEqual([code, path]);
  });
});
