/**
 * The I/O shell around the pure runner: sends a step's commands, waits for the
 * events they cause, then lets the runner judge the check. It depends only on a
 * small interface (LessonIo), so the page and the Vitest suites drive the same
 * code against a real server.
 */
import type { CommandInput, Event, Op, Reply, ReplyError } from '../protocol';
import { captureOn, eventsAfter, onWire, waitProgress } from './checks';
import { MissingRefError, resolveDeep, valuesFromResult, withValues, type Refs } from './refs';
import {
  beginStep,
  classifyFailure,
  currentStep,
  failStep,
  finishStep,
  lessonSockets,
  openLessonSockets,
  startLesson,
  type RunnerState,
} from './runner';
import { textIn, type Action, type Step } from './schema';

/** Whatever can stop a run early (an AbortSignal fits; shared/ has no DOM types). */
export interface StopSignal {
  readonly aborted: boolean;
}

export interface LessonIo {
  send(command: CommandInput): Promise<Reply<Op, ReplyError>>;
  /** Every event of the session so far, in seq order. */
  events(): readonly Event[];
  /** Resolves when new events have arrived, or after `ms`, or when aborted. */
  changed(ms: number, signal?: StopSignal): Promise<void>;
  /** The page's language, for the socket labels a lesson gives in both (French when absent). */
  lang?(): 'fr' | 'en';
}

export const DEFAULT_STEP_TIMEOUT_MS = 5000;

const headOf = (io: LessonIo) => io.events().at(-1)?.seq ?? 0;

/** The protocol command an action stands for, references resolved. */
export function toCommand(action: Action, refs: Refs, lang: 'fr' | 'en' = 'fr'): CommandInput {
  const { as: _as, expectError: _e, ...rest } = resolveDeep(action, refs) as Action & Record<string, unknown>;
  if (rest.op === 'socket' && typeof rest.label === 'object') {
    // The label is what the stage shows: in the language of the page running the lesson.
    return { ...rest, label: rest.label[lang] } as CommandInput;
  }
  if (rest.op === 'send') {
    const { text, to, repeat, ...send } = rest as Extract<Action, { op: 'send' }> & Record<string, unknown>;
    return { ...send, data: { text: textIn(text, lang).repeat(repeat ?? 1) }, ...(to ? { to } : {}) } as CommandInput;
  }
  return rest as CommandInput;
}

/** How long a refused close() waits for the socket's own `closed` event. */
const CLOSED_GRACE_MS = 2000;

async function closedSoon(io: LessonIo, socket: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (io.events().some((e) => e.kind === 'closed' && e.socket === socket)) return true;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await io.changed(Math.min(left, 100));
  }
}

/** Codes the step expects to see (the lesson is about them): they are no failure. */
function expectedCodes(step: Step): Set<string> {
  const codes = new Set<string>();
  for (const a of step.actions) if (a.expectError) codes.add(a.expectError);
  for (const w of step.waitFor ?? []) if (w.code) codes.add(w.code);
  for (const a of step.check.assert) if ('kind' in a && a.kind === 'error' && a.code) codes.add(a.code);
  return codes;
}

/** An error event on a socket of this step that the step did not expect. */
function unexpectedError(
  step: Step,
  events: readonly Event[],
  sockets: ReadonlySet<string>,
): Extract<Event, { kind: 'error' }> | undefined {
  const ok = expectedCodes(step);
  for (const e of events) if (e.kind === 'error' && e.socket && sockets.has(e.socket) && !ok.has(e.code)) return e;
  return undefined;
}

/**
 * Runs the current step to its end; reports each intermediate state.
 * Never throws: every problem becomes a failed step with a reason.
 */
export async function runStep(
  state: RunnerState,
  io: LessonIo,
  onUpdate: (s: RunnerState) => void = () => {},
  signal?: StopSignal,
): Promise<RunnerState> {
  let s = beginStep(state, headOf(io));
  if (s.status !== 'running') return s;
  onUpdate(s);
  const step = currentStep(s);
  let refs = s.refs;
  let sockets = [...s.sockets];
  for (const action of step.actions) {
    let command: CommandInput;
    try {
      command = toCommand(action, refs, io.lang?.());
    } catch (e) {
      const ref = e instanceof MissingRefError ? e.ref : String(e);
      return failStep({ ...s, refs, sockets }, { reason: 'missing-ref', detail: ref });
    }
    const reply = await io.send(command);
    if (!reply.ok) {
      if (action.expectError && reply.error.code === action.expectError) continue;
      // Node closes a socket by itself once both sides said goodbye or after a refusal;
      // in C the program still calls close(fd), which succeeds. Same outcome here.
      // Its `closed` event may still be on its way to us (the page applies events once per frame).
      if (
        command.op === 'close' &&
        reply.error.code === 'BAD_STATE' &&
        (await closedSoon(io, command.socket, CLOSED_GRACE_MS))
      )
        continue;
      const { code, message, reason, limit } = reply.error;
      const error = { code, ...(reason ? { reason } : {}), ...(limit ? { limit } : {}) };
      return failStep({ ...s, refs, sockets }, { reason: classifyFailure(code), code, detail: message, error });
    }
    const result = (reply.result ?? {}) as Record<string, unknown>;
    if (action.op === 'socket' && typeof result.socket === 'string') sockets.push(result.socket);
    refs = withValues(refs, action.as, valuesFromResult(action, result));
    if (action.expectError && action.op !== 'connect') {
      // A TCP connect reports its refusal as an event; others must have failed here.
      return failStep(
        { ...s, refs, sockets },
        { reason: 'check', code: action.expectError, detail: `${action.op} succeeded` },
      );
    }
  }
  s = { ...s, refs, sockets };
  // Packets are seen only where the server captures: without, the step waits for its calls alone.
  const wire = captureOn(io.events());
  const waits = (step.waitFor ?? []).filter((w) => wire || !onWire(w));
  const deadline = Date.now() + (step.timeoutMs ?? DEFAULT_STEP_TIMEOUT_MS);
  for (;;) {
    const since = eventsAfter(io.events(), s.stepStartSeq);
    const progress = waitProgress(waits, since, refs);
    const stepSockets = new Set(lessonSockets(s, io.events()));
    const bad = unexpectedError(step, since, stepSockets);
    if (bad)
      return failStep(s, {
        reason: classifyFailure(bad.code),
        code: bad.code,
        detail: bad.message,
        error: { code: bad.code },
      });
    if (progress.done) return finishStep(s, io.events(), progress.refs);
    const left = deadline - Date.now();
    if (left <= 0 || signal?.aborted) {
      const waiting = progress.missing.map((w) => w.kind);
      return failStep(s, { reason: 'timeout', detail: waiting.join(', '), waiting });
    }
    await io.changed(Math.min(left, 250), signal);
  }
}

/** Closes every socket the lesson still has open (restart, or leaving the lesson). */
export async function closeLessonSockets(state: RunnerState, io: LessonIo): Promise<void> {
  const open = openLessonSockets(state, io.events());
  // Accepted calls first, then the rest: closing order does not matter to the kernel,
  // but this reads well in the event log.
  await Promise.all(open.map((socket) => io.send({ op: 'close', socket })));
}

/** Closes the lesson's sockets and starts it again from the first step. */
export async function restartLessonRun(state: RunnerState, io: LessonIo): Promise<RunnerState> {
  await closeLessonSockets(state, io);
  return startLesson(state.lesson, headOf(io));
}
