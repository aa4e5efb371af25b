/**
 * Matching events against a lesson's waits and assertions, and evaluating a
 * step's check — pure functions over the real events of the session.
 */
import type { Event } from '../protocol';
import { resolveValue, valuesFromEvent, withValues, type Refs } from './refs';
import type { World } from '../world/types';
import { type Assertion, type Check, type EventAssertion, type Wait, WIRE_KINDS } from './schema';

type Matcher = Pick<
  Wait,
  'kind' | 'socket' | 'code' | 'text' | 'flags' | 'tcpSeq' | 'tcpAck' | 'len' | 'mark' | 'dir' | 'state'
>;

/** The wire and kernel fields of a matcher: flags as a set, numbers exactly, a mark set on the segment. */
function wireMatches(m: Matcher, e: Event): boolean {
  if (m.dir !== undefined && (!('dir' in e) || e.dir !== m.dir)) return false;
  if (m.state !== undefined && (e.kind !== 'kernel' || e.state !== m.state)) return false;
  const segmentOnly = m.flags ?? m.tcpSeq ?? m.tcpAck ?? m.len ?? m.mark;
  if (segmentOnly === undefined) return true;
  if (e.kind !== 'segment') return false;
  if (m.flags && (m.flags.length !== e.flags.length || m.flags.some((f) => !e.flags.includes(f)))) return false;
  if (m.tcpSeq !== undefined && e.tcpSeq !== m.tcpSeq) return false;
  if (m.tcpAck !== undefined && e.tcpAck !== m.tcpAck) return false;
  if (m.len !== undefined && e.len !== m.len) return false;
  return m.mark === undefined || e[m.mark] === true;
}

/** The capture is on for this session: its last `capture` event says so (none arrives where it is unavailable). */
export function captureOn(events: readonly Event[]): boolean {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.kind === 'capture') return e.state === 'on';
  }
  return false;
}

/** A wait or assertion on packets (segment, datagram, icmp): it can only hold where the server captures. */
export const onWire = (m: Pick<Wait, 'kind'>): boolean => WIRE_KINDS.has(m.kind);

/** The text of a sent/received event's bytes, decoded when the server did not. */
function eventText(e: Event): string | undefined {
  if (e.kind !== 'sent' && e.kind !== 'received') return undefined;
  return e.data.text;
}

/** Does this event match? References resolve against refs; an unknown one matches nothing. */
export function matches(m: Matcher, e: Event, refs: Refs): boolean {
  if (e.kind !== m.kind) return false;
  try {
    if (m.socket !== undefined) {
      const id = String(resolveValue(m.socket, refs));
      if (!('socket' in e) || e.socket !== id) return false;
    }
  } catch {
    return false;
  }
  if (m.code !== undefined && (e.kind !== 'error' || e.code !== m.code)) return false;
  if (m.text !== undefined) {
    // A lesson's texts may be per language: the page sent the one it speaks, and either is right.
    const text = eventText(e);
    if (typeof m.text === 'string' ? text !== m.text : text !== m.text.fr && text !== m.text.en) return false;
  }
  return wireMatches(m, e);
}

export interface WaitProgress {
  /** Every wait has seen its count of events. */
  done: boolean;
  /** Waits still short of their count. */
  missing: Wait[];
  /** refs plus the values of matched waits that have `as`. */
  refs: Refs;
}

/**
 * How far the step's waits have got, given the events since the step began.
 * Waits are matched in order, so a later wait may use a name an earlier one bound.
 */
export function waitProgress(waits: readonly Wait[], events: readonly Event[], refs: Refs): WaitProgress {
  let current = refs;
  const missing: Wait[] = [];
  for (const w of waits) {
    const want = w.count ?? 1;
    const found = events.filter((e) => matches(w, e, current));
    if (found.length >= want) {
      const last = found[want - 1];
      if (w.as && last) current = withValues(current, w.as, valuesFromEvent(last));
    } else {
      missing.push(w);
    }
  }
  return { done: missing.length === 0, missing, refs: current };
}

export interface AssertionResult {
  assertion: Assertion;
  ok: boolean;
  /** How many events matched, and their bytes when the assertion counts bytes. */
  found: number;
  bytes?: number;
  /** For a phase assertion: the phase the socket is really in. */
  actualPhase?: string;
  /** Not judged: an assertion on packets while the server does not capture (ok stays true; say why). */
  skipped?: 'capture-off';
}

/** One assertion: an event count against the events of its scope, or a socket's phase in the world now. */
export function evaluateAssertion(
  a: Assertion,
  stepEvents: readonly Event[],
  lessonEvents: readonly Event[],
  refs: Refs,
  world: World,
): AssertionResult {
  if ('phase' in a) {
    let id: string | undefined;
    try {
      id = String(resolveValue(a.socket, refs));
    } catch {
      id = undefined;
    }
    const phase = id ? world.sockets[id]?.phase : undefined;
    return {
      assertion: a,
      ok: phase === a.phase,
      found: phase === a.phase ? 1 : 0,
      ...(phase ? { actualPhase: phase } : {}),
    };
  }
  return evaluateEventAssertion(a, stepEvents, lessonEvents, refs);
}

function evaluateEventAssertion(
  a: EventAssertion,
  stepEvents: readonly Event[],
  lessonEvents: readonly Event[],
  refs: Refs,
): AssertionResult {
  const pool = a.scope === 'lesson' ? lessonEvents : stepEvents;
  const found = pool.filter((e) => matches(a, e, refs));
  let ok = a.count === undefined ? found.length > 0 : found.length === a.count;
  let bytes: number | undefined;
  if (a.bytes !== undefined) {
    bytes = found.reduce((sum, e) => sum + ('bytes' in e && typeof e.bytes === 'number' ? e.bytes : 0), 0);
    ok = ok && bytes === a.bytes;
  }
  return { assertion: a, ok, found: found.length, ...(bytes !== undefined ? { bytes } : {}) };
}

/** Every assertion of a check; the check passes when all do. */
export function evaluateCheck(
  check: Check,
  stepEvents: readonly Event[],
  lessonEvents: readonly Event[],
  refs: Refs,
  world: World,
  /** The server captures packets for this session (`captureOn`); without, packet assertions are skipped. */
  wire = true,
): AssertionResult[] {
  return check.assert.map((a) =>
    !wire && 'kind' in a && onWire(a)
      ? { assertion: a, ok: true, found: 0, skipped: 'capture-off' as const }
      : evaluateAssertion(a, stepEvents, lessonEvents, refs, world),
  );
}

/** Events with seq strictly after `afterSeq` (events are in seq order). */
export function eventsAfter(events: readonly Event[], afterSeq: number): Event[] {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((events[mid]?.seq ?? 0) <= afterSeq) lo = mid + 1;
    else hi = mid;
  }
  return events.slice(lo);
}
