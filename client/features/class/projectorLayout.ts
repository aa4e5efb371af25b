import type { ClassCall, RosterStudent } from '../../../shared/class';

/** One member's card on the projector: where it sits (grid cell, and its centre in % of the view). */
export interface Lane {
  id: string;
  name: string;
  col: number;
  row: number;
  x: number;
  y: number;
  /** Calls this member is in, either side, open now. */
  calls: number;
  student: RosterStudent | null;
}

/** One line between two cards: every call between the same two members in the same direction. */
export interface CallLine {
  key: string;
  from: string;
  to: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  count: number;
  open: boolean;
  services: string[];
  bytes: number;
}

export interface ProjectorLayout {
  cols: number;
  rows: number;
  lanes: Lane[];
  lines: CallLine[];
}

/** The teacher's id in calls (shared/class.ts: `teacher` for the teacher). */
export const TEACHER = 'teacher';

/**
 * Lays the class out for a wide screen: every student as one card in a grid about as wide as the
 * view (16:9), the teacher as one more card when they are in a call, and every call as one line from
 * the caller's card to the callee's, in percent of the view so that an SVG of viewBox 0 0 100 100 drawn
 * over the grid joins the cards' centres whatever the screen's size.
 */
export function projectorLayout(
  students: readonly RosterStudent[],
  calls: readonly ClassCall[],
  teacherName: string,
  aspect = 16 / 9,
): ProjectorLayout {
  const members: { id: string; name: string; student: RosterStudent | null }[] = students.map((s) => ({
    id: s.id,
    name: s.name,
    student: s,
  }));
  if (calls.some((c) => c.from === TEACHER || c.to === TEACHER))
    members.push({ id: TEACHER, name: teacherName, student: null });
  const n = Math.max(1, members.length);
  const cols = Math.max(1, Math.min(n, Math.ceil(Math.sqrt(n * aspect))));
  const rows = Math.ceil(n / cols);
  const open = new Map<string, number>();
  for (const c of calls) if (c.open) for (const m of [c.from, c.to]) open.set(m, (open.get(m) ?? 0) + 1);
  const lanes: Lane[] = members.map((m, i) => {
    const col = i % cols;
    const row = Math.floor(i / cols);
    return {
      ...m,
      col,
      row,
      x: ((col + 0.5) / cols) * 100,
      y: ((row + 0.5) / rows) * 100,
      calls: open.get(m.id) ?? 0,
    };
  });
  const at = new Map(lanes.map((l) => [l.id, l]));
  const byPair = new Map<string, CallLine>();
  for (const c of calls) {
    const a = at.get(c.from);
    const b = at.get(c.to);
    if (!a || !b || a === b) continue;
    const key = `${c.from}>${c.to}`;
    const line = byPair.get(key) ?? {
      key,
      from: c.from,
      to: c.to,
      x1: a.x,
      y1: a.y,
      x2: b.x,
      y2: b.y,
      count: 0,
      open: false,
      services: [],
      bytes: 0,
    };
    line.count++;
    line.open ||= c.open;
    line.bytes += c.sent + c.received;
    if (!line.services.includes(c.service)) line.services.push(c.service);
    byPair.set(key, line);
  }
  return { cols, rows, lanes, lines: [...byPair.values()] };
}
