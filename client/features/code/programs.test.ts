import { describe, expect, it } from 'vitest';
import { EventScript } from '../../../shared/testing/events';
import { BUILTIN_LESSONS } from '../../../shared/lessons/builtin';
import { lessonProgram, sessionProgram, stepLines } from './programs';

describe('code view programs', () => {
  it('follows the timeline cursor: events after it are not in the program', () => {
    const s = new EventScript();
    s.tcpCall({ l: 's1', c: 's2', a: 's3' });
    const all = sessionProgram(s.events, s.events.length, 'c', 't', 'en');
    const early = sessionProgram(s.events, 3, 'c', 't', 'en');
    expect(all.rendered.lines.join('\n')).toContain('accept(s1');
    expect(early.rendered.lines.join('\n')).not.toContain('accept(');
    expect(sessionProgram(s.events, 0, 'c', 't', 'en').empty).toBe(true);
  });

  it("highlights exactly the current step's lines, with comments in the page's language", () => {
    const lesson = BUILTIN_LESSONS.find((l) => l.id === 'raccrocher')!;
    const fr = lessonProgram(lesson, 'python', 'Raccrocher', 'fr');
    const lines = [...stepLines(fr, 1)].map((i) => fr.lines[i]);
    expect(lines.some((l) => l?.includes('shutdown(socket.SHUT_WR)  # FIN : j'))).toBe(true);
    expect(lines.some((l) => l?.includes('listen('))).toBe(false);
    expect(stepLines(fr, undefined).size).toBe(0);
  });
});

describe('free mode marks', () => {
  it('the lines of the event at the cursor are the ones it produced (here: accept())', () => {
    const s = new EventScript();
    s.tcpCall({ l: 's1', c: 's2', a: 's3' });
    const acceptedSeq = s.events.find((e) => e.kind === 'accepted')!.seq;
    const { rendered } = sessionProgram(s.events, s.events.length, 'python', 't', 'en');
    const lines = [...stepLines(rendered, acceptedSeq)].map((i) => rendered.lines[i]);
    expect(lines).toEqual(['s3, _ = s1.accept()']);
  });
});

describe('free mode program cache', () => {
  it('returns the same program while the cursor moves past the cap, and a new one when the events before it change', () => {
    const s = new EventScript();
    s.tcpCall({ l: 's1', c: 's2', a: 's3' });
    const events = [...s.events];
    const a = sessionProgram(events, events.length, 'c', 't', 'en');
    expect(sessionProgram(events, events.length, 'c', 't', 'en').rendered).toBe(a.rendered);
    // One event fewer is another program; the other language is another program.
    expect(sessionProgram(events, events.at(-2)!.seq, 'c', 't', 'en').rendered).not.toBe(a.rendered);
    expect(sessionProgram(events, events.length, 'python', 't', 'en').rendered.lines[0]).not.toBe(a.rendered.lines[0]);
    // A replaced event list (new session, imported recording) is never served from the cache.
    const copy = [...events];
    expect(sessionProgram(copy, copy.length, 'c', 't', 'en').rendered).not.toBe(a.rendered);
  });
});

describe('the "Run:" line', () => {
  it("says exactly what each program's own header says (gcc -Wall -Werror for C)", async () => {
    const { RUN_COMMANDS } = await import('./programs');
    const s = new EventScript();
    s.tcpCall({ l: 's1', c: 's2', a: 's3' });
    for (const lang of ['c', 'python', 'node', 'java'] as const) {
      const header = sessionProgram(s.events, s.events.length, lang, 't', 'en').rendered.lines.slice(0, 4).join('\n');
      expect(header, lang).toContain(RUN_COMMANDS[lang]);
    }
    expect(RUN_COMMANDS.c).toContain('gcc -Wall -Werror ');
  });
});
