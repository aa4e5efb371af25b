/**
 * The lesson runner's step logic, as pure functions over a RunnerState. The
 * shell (driver.ts, the React panel) performs the I/O and feeds results back.
 *
 * `index` is the step on screen; `reached` is the first step not yet run. The
 * person can look back at earlier steps (previous) without re-running them:
 * real sockets cannot be un-done, so going back only shows what happened.
 */
import type { Event } from '../protocol';
import { worldAt } from '../world/cursor';
import { captureOn, evaluateCheck, eventsAfter, type AssertionResult } from './checks';
import { type Refs } from './refs';
import type { Lesson, Step } from './schema';

export type StepStatus = 'ready' | 'running' | 'done' | 'failed';

/** Why a step failed, in categories a student can be told about in plain words. */
export type FailureReason =
  | 'port-taken' // EADDRINUSE: somebody already has that number
  | 'refused' // ECONNREFUSED: nobody answers
  | 'peer-gone' // ECONNRESET, EPIPE: the other side hung up
  | 'timeout' // the awaited events did not come
  | 'check' // the events came, but not what the check expects
  | 'missing-ref' // an earlier step was skipped, a value is unknown
  | 'bad-state' // the socket cannot do that now (closed or changed outside the lesson)
  | 'not-allowed' // the server's policy or a limit said no
  | 'disconnected' // no server
  | 'other';

export interface Failure {
  reason: FailureReason;
  /** errno or Allô error code, when there is one. */
  code?: string;
  /** The server's own sentence, or what was missing. */
  detail: string;
  /** The server's error, for a page to say it in its own language (code + reason). */
  error?: { code: string; reason?: string; limit?: string };
  /** On a timeout: the event kinds still awaited. */
  waiting?: string[];
}

export type StepOutcome = 'done' | 'skipped';

export interface RunnerState {
  lesson: Lesson;
  index: number;
  reached: number;
  status: StepStatus;
  refs: Refs;
  /** Newest seq when the lesson (re)started: its events come after. */
  lessonStartSeq: number;
  /** Newest seq when the current step's run began. */
  stepStartSeq: number;
  /** Sockets the lesson's actions created (accepted ones are found from events). */
  sockets: readonly string[];
  outcomes: ReadonlyArray<StepOutcome | undefined>;
  failure?: Failure;
  checks?: readonly AssertionResult[];
}

export function startLesson(lesson: Lesson, headSeq: number): RunnerState {
  return {
    lesson,
    index: 0,
    reached: 0,
    status: 'ready',
    refs: {},
    lessonStartSeq: headSeq,
    stepStartSeq: headSeq,
    sockets: [],
    outcomes: lesson.steps.map(() => undefined),
  };
}

export function currentStep(s: RunnerState): Step {
  return s.lesson.steps[s.index] as Step;
}

export const isLastStep = (s: RunnerState) => s.index === s.lesson.steps.length - 1;

/** What the primary control (lesson-next) does now. */
export type NextAction = 'run' | 'advance' | 'finished' | 'busy' | 'blocked';
export function nextAction(s: RunnerState): NextAction {
  switch (s.status) {
    case 'running':
      return 'busy';
    case 'ready':
      return 'run';
    case 'failed':
      return 'blocked'; // retry, skip or restart instead
    case 'done':
      return isLastStep(s) ? 'finished' : 'advance';
  }
}

/** The step begins: only the step at `reached` can run. */
export function beginStep(s: RunnerState, headSeq: number): RunnerState {
  if (s.index !== s.reached || s.status === 'running') return s;
  const { failure: _f, checks: _c, ...rest } = s;
  return { ...rest, status: 'running', stepStartSeq: headSeq };
}

export function failStep(s: RunnerState, failure: Failure): RunnerState {
  return { ...s, status: 'failed', failure };
}

/** After the waits: evaluate the check on the events of this step and lesson. */
export function finishStep(s: RunnerState, events: readonly Event[], refs: Refs): RunnerState {
  const step = currentStep(s);
  const stepEvents = eventsAfter(events, s.stepStartSeq);
  const lessonEvents = eventsAfter(events, s.lessonStartSeq);
  const world = worldAt(events, events.at(-1)?.seq ?? 0);
  const checks = evaluateCheck(step.check, stepEvents, lessonEvents, refs, world, captureOn(events));
  const base = { ...s, refs, checks };
  if (checks.every((c) => c.ok)) {
    const outcomes = s.outcomes.map((o, i) => (i === s.index ? 'done' : o));
    return { ...base, status: 'done', outcomes, reached: s.index + 1 };
  }
  const bad = checks
    .filter((c) => !c.ok)
    .map((c) => ('phase' in c.assertion ? `phase ${c.actualPhase ?? '?'}` : `${c.assertion.kind}: ${c.found}`));
  return { ...base, status: 'failed', failure: { reason: 'check', detail: bad.join(', ') } };
}

function statusAt(s: RunnerState, index: number): StepStatus {
  return s.outcomes[index] === undefined ? 'ready' : 'done';
}

function show(s: RunnerState, index: number): RunnerState {
  const { failure: _f, checks: _c, ...rest } = s;
  return { ...rest, index, status: statusAt(s, index) };
}

/** Move on to the following step (shown, not run). */
export function advance(s: RunnerState): RunnerState {
  if (s.status === 'running' || s.status === 'failed' || isLastStep(s)) return s;
  if (s.index >= s.reached) return s; // this step has not run yet
  return show(s, s.index + 1);
}

/** Look at the step before (already run). */
export function previous(s: RunnerState): RunnerState {
  if (s.status === 'running' || s.index === 0) return s;
  return show(s, s.index - 1);
}

/** After a failure: try the same step again. */
export function retry(s: RunnerState): RunnerState {
  if (s.status !== 'failed') return s;
  return show(s, s.index);
}

/** After a failure (or before running): go on without this step. */
export function skip(s: RunnerState): RunnerState {
  if (s.status === 'running' || s.index !== s.reached || isLastStep(s)) return s;
  const outcomes = s.outcomes.map((o, i) => (i === s.index ? 'skipped' : o));
  return show({ ...s, outcomes, reached: s.index + 1 }, s.index + 1);
}

export const isFinished = (s: RunnerState) => isLastStep(s) && s.status === 'done';

/**
 * The lesson's sockets still open: those its actions created plus the calls
 * their listeners accepted, minus the closed ones. Restart closes these.
 */
export function openLessonSockets(s: RunnerState, events: readonly Event[]): string[] {
  const closed = new Set<string>();
  for (const e of eventsAfter(events, s.lessonStartSeq)) if (e.kind === 'closed') closed.add(e.socket);
  return lessonSockets(s, events).filter((id) => !closed.has(id));
}

/** Every socket of the lesson, open or not: its own and the calls its listeners accepted. */
export function lessonSockets(s: Pick<RunnerState, 'sockets' | 'lessonStartSeq'>, events: readonly Event[]): string[] {
  const mine = new Set(s.sockets);
  for (const e of eventsAfter(events, s.lessonStartSeq))
    if (e.kind === 'accepted' && mine.has(e.socket)) mine.add(e.child);
  return [...mine];
}

/** The plain-words category of an errno or Allô error code. */
export function classifyFailure(code: string): FailureReason {
  switch (code) {
    case 'EADDRINUSE':
      return 'port-taken';
    case 'ECONNREFUSED':
      return 'refused';
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ERR_STREAM_DESTROYED':
    case 'ERR_SOCKET_CLOSED':
    case 'NOT_FOUND':
      return 'peer-gone';
    case 'BAD_STATE':
      return 'bad-state';
    case 'POLICY_DENIED':
    case 'LIMIT':
      return 'not-allowed';
    case 'DISCONNECTED':
    case 'NO_SESSION':
      return 'disconnected';
    default:
      return 'other';
  }
}
