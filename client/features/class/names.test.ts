import { describe, expect, it } from 'vitest';
import { studentNameProblem } from '../../../shared/class';
import { nameProblem, serviceOk } from './names';

describe('a student name, checked in the page as the server checks it', () => {
  const cases: [string, ReturnType<typeof nameProblem>][] = [
    ['Alice', null],
    ['  Zoé  ', null],
    ['', 'empty'],
    ['   ', 'empty'],
    ['a'.repeat(24), null],
    ['a'.repeat(25), 'long'],
    ['😀'.repeat(24), null],
    ['ali\u0007ce', 'hidden'],
    ['ali\u200bce', 'hidden'],
    ['al:ice', 'colon'],
  ];
  it.each(cases)('%j → %s', (name, problem) => {
    expect(nameProblem(name)).toBe(problem);
    // The page refuses exactly what the server refuses.
    expect(nameProblem(name) === null).toBe(studentNameProblem(name) === null);
  });
  it('service names', () => {
    expect(serviceOk('echo')).toBe(true);
    expect(serviceOk('chat-2')).toBe(true);
    expect(serviceOk('')).toBe(false);
    expect(serviceOk('a b')).toBe(false);
    expect(serviceOk('-x')).toBe(false);
  });
});
