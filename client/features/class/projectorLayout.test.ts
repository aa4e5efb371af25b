import { describe, expect, it } from 'vitest';
import type { ClassCall, RosterStudent } from '../../../shared/class';
import { projectorLayout } from './projectorLayout';

const student = (id: string, name: string): RosterStudent => ({
  id,
  name,
  online: true,
  sockets: 1,
  published: [],
  sent: 0,
  received: 0,
  commands: 0,
});
const call = (from: string, to: string, open = true, service = 'x:echo'): ClassCall => ({
  from,
  to,
  proto: 'tcp',
  service,
  sent: 3,
  received: 2,
  open,
});

describe('the projector layout', () => {
  it('puts 60 students on a wide grid, every card inside the view', () => {
    const students = Array.from({ length: 60 }, (_, i) => student(`p${i + 1}`, `s${i + 1}`));
    const { cols, rows, lanes } = projectorLayout(students, [], 'Teacher');
    expect(cols).toBeGreaterThan(rows);
    expect(cols * rows).toBeGreaterThanOrEqual(60);
    expect(lanes).toHaveLength(60);
    for (const l of lanes) {
      expect(l.x).toBeGreaterThan(0);
      expect(l.x).toBeLessThan(100);
      expect(l.y).toBeLessThan(100);
    }
  });

  it('draws one line per caller → callee, joining the two cards, and counts open calls per member', () => {
    const students = [student('p1', 'alice'), student('p2', 'bob'), student('p3', 'carol')];
    const calls = [call('p1', 'p2'), call('p1', 'p2', false, 'bob:chat'), call('p3', 'p1')];
    const { lanes, lines } = projectorLayout(students, calls, 'Teacher');
    expect(lines).toHaveLength(2);
    const ab = lines.find((l) => l.key === 'p1>p2')!;
    const alice = lanes.find((l) => l.id === 'p1')!;
    const bob = lanes.find((l) => l.id === 'p2')!;
    expect([ab.x1, ab.y1, ab.x2, ab.y2]).toEqual([alice.x, alice.y, bob.x, bob.y]);
    expect(ab.count).toBe(2);
    expect(ab.services).toEqual(['x:echo', 'bob:chat']);
    expect(ab.bytes).toBe(10);
    expect(alice.calls).toBe(2);
    expect(bob.calls).toBe(1);
  });

  it('adds the teacher as a card only when the teacher is in a call', () => {
    const students = [student('p1', 'alice')];
    expect(projectorLayout(students, [], 'Teacher').lanes).toHaveLength(1);
    const { lanes, lines } = projectorLayout(students, [call('p1', 'teacher')], 'Teacher');
    expect(lanes.map((l) => l.name)).toEqual(['alice', 'Teacher']);
    expect(lines).toHaveLength(1);
  });
});
