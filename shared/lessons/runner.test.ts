import { describe, expect, it } from 'vitest';
import { EventScript, ep } from '../testing/events';
import { BUILTIN_LESSONS } from './builtin';
import {
  advance,
  classifyFailure,
  finishStep,
  nextAction,
  openLessonSockets,
  previous,
  retry,
  skip,
  startLesson,
  beginStep,
  failStep,
} from './runner';
import type { Lesson } from './schema';

const appel = BUILTIN_LESSONS.find((l) => l.id === 'appel') as Lesson;

describe('runner step logic', () => {
  it('a step runs only when asked: ready → running → done, then advance shows the next one ready', () => {
    let s = startLesson(appel, 10);
    expect(nextAction(s)).toBe('run');
    s = beginStep(s, 10);
    expect(s.status).toBe('running');
    expect(nextAction(s)).toBe('busy');
    const script = new EventScript();
    for (let i = 0; i < 10; i++) script.add({ kind: 'kernel', socket: 'sx', state: 'UNCONN', txQueue: 0, rxQueue: 0 });
    script.add({ kind: 'lookup', host: 'localhost', addresses: [{ address: '127.0.0.1', family: 4 }] });
    script.add({ kind: 'service', name: 'http', proto: 'tcp', port: 80, source: 'builtin' });
    s = finishStep(s, script.events, s.refs);
    expect(s.status).toBe('done');
    expect(s.checks?.every((c) => c.ok)).toBe(true);
    expect(nextAction(s)).toBe('advance');
    s = advance(s);
    expect([s.index, s.status, s.reached]).toEqual([1, 'ready', 1]);
    // Advancing past a step that has not run is not possible.
    expect(advance(s)).toBe(s);
  });

  it('a check that does not hold fails the step with the counts found', () => {
    const script = new EventScript();
    script.add({ kind: 'lookup', host: 'localhost', addresses: [] });
    const s = finishStep(beginStep(startLesson(appel, 0), 0), script.events, {});
    expect(s.status).toBe('failed');
    expect(s.failure?.reason).toBe('check');
    expect(s.failure?.detail).toContain('service: 0');
    expect(nextAction(s)).toBe('blocked');
    expect(retry(s).status).toBe('ready');
  });

  it('previous shows an earlier step as done without re-running it; skip moves on and records it', () => {
    let s = startLesson(appel, 0);
    s = failStep(beginStep(s, 0), { reason: 'timeout', detail: 'lookup' });
    s = skip(retry(s));
    expect([s.index, s.status, s.outcomes[0]]).toEqual([1, 'ready', 'skipped']);
    s = previous(s);
    expect([s.index, s.status]).toEqual([0, 'done']);
    expect(nextAction(s)).toBe('advance');
    expect(advance(s).index).toBe(1);
  });

  it('the lesson owns its sockets and the calls its listeners accepted; closed ones are not closed again', () => {
    const script = new EventScript();
    script.add({ kind: 'created', socket: 's0', proto: 'tcp', family: 4 }); // before the lesson
    const start = script.events.length;
    script.tcpCall({ l: 's1', c: 's2', a: 's3' });
    script.add({ kind: 'closed', socket: 's2', hadError: false });
    const s = { ...startLesson(appel, start), sockets: ['s1', 's2'] };
    expect(openLessonSockets(s, script.events).sort()).toEqual(['s1', 's3']);
  });

  it('errno names become plain-words reasons', () => {
    expect(classifyFailure('EADDRINUSE')).toBe('port-taken');
    expect(classifyFailure('ECONNREFUSED')).toBe('refused');
    expect(classifyFailure('ECONNRESET')).toBe('peer-gone');
    expect(classifyFailure('LIMIT')).toBe('not-allowed');
    expect(classifyFailure('BAD_STATE')).toBe('bad-state');
    expect(classifyFailure('EWHATEVER')).toBe('other');
  });

  it('phase assertions read the world the events build', () => {
    const lesson: Lesson = {
      ...appel,
      steps: [
        {
          ...appel.steps[1]!,
          check: {
            observe: { fr: 'x', en: 'x' },
            assert: [{ phase: 'listening', socket: { $ref: 'listener.socket' } }],
          },
        },
      ],
    };
    const script = new EventScript();
    script.add({ kind: 'created', socket: 's1', proto: 'tcp', family: 4 });
    script.add({ kind: 'bound', socket: 's1', local: ep('127.0.0.1', 5000) });
    script.add({ kind: 'listening', socket: 's1', local: ep('127.0.0.1', 5000), backlog: 16 });
    const s = finishStep(beginStep(startLesson(lesson, 0), 0), script.events, { listener: { socket: 's1' } });
    expect(s.status).toBe('done');
    const wrong = finishStep(beginStep(startLesson(lesson, 0), 0), script.events.slice(0, 2), {
      listener: { socket: 's1' },
    });
    expect(wrong.checks?.[0]?.actualPhase).toBe('bound');
  });
});
