/**
 * Recordings: a session's events saved as a JSON file, so that a teacher can
 * prepare a demo at home and step through it in class with no server.
 *
 * The file names its format and version; a page reads only the versions it
 * knows and says clearly what is wrong with any other file.
 */
import * as z from 'zod/mini';
import { Event, PROTOCOL_VERSION } from './protocol';
import { eventValueProblem, shown } from './recordingValues';
import { textProblem } from './safeValues';

export const RECORDING_FORMAT = 'allo-recording' as const;
export const RECORDING_VERSION = 1 as const;

/** One line of visible text: no control, bidi or zero-width character, no lone surrogate. */
const Line = (max: number) =>
  z.string().check(
    z.maxLength(max),
    z.superRefine((s, ctx) => {
      const problem = textProblem(s);
      if (problem) ctx.issues.push({ code: 'custom', message: `the text ${problem}: ${shown(s)}`, input: s });
    }),
  );

export const RecordingMeta = z.object({
  /** Program that wrote the file. */
  app: z.optional(Line(100)),
  title: z.optional(Line(200)),
  /** Language of the page that recorded it (fr | en). */
  lang: z.optional(Line(16)),
  /** Events the server had shed before the recording was made (the file then starts after seq 1). */
  shed: z.optional(z.int().check(z.minimum(0))),
});
export type RecordingMeta = z.infer<typeof RecordingMeta>;

export const Recording = z.object({
  format: z.literal(RECORDING_FORMAT),
  version: z.literal(RECORDING_VERSION),
  /** Wire protocol version of the events. */
  protocol: z.literal(PROTOCOL_VERSION),
  /** ISO 8601 date of the export. */
  createdAt: Line(40),
  events: z.array(Event),
  meta: RecordingMeta,
});
export type Recording = z.infer<typeof Recording>;

/** Why a file could not be read, with a stable code and a sentence a person understands. */
export interface RecordingError {
  code: 'NOT_JSON' | 'NOT_A_RECORDING' | 'UNSUPPORTED_VERSION' | 'INVALID' | 'OUT_OF_ORDER';
  message: string;
  /** Where in the file, e.g. `events[12].kind`. */
  path?: string;
}

export type RecordingResult = { ok: true; recording: Recording } | { ok: false; error: RecordingError };

/** Builds a recording of the given events. */
export function createRecording(events: readonly Event[], meta: RecordingMeta = {}, now = new Date()): Recording {
  return {
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    protocol: PROTOCOL_VERSION,
    createdAt: now.toISOString(),
    events: [...events],
    meta,
  };
}

/** Reads a recording file's text: checks the format, the versions, every event, and that seqs go up. */
export function parseRecording(text: string): RecordingResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return fail('NOT_JSON', `The file is not JSON (${err instanceof Error ? err.message : String(err)}).`);
  }
  if (typeof json !== 'object' || json === null || (json as { format?: unknown }).format !== RECORDING_FORMAT)
    return fail('NOT_A_RECORDING', `The file is not an Allô recording (no "format": "${RECORDING_FORMAT}").`);
  const { version, protocol } = json as { version?: unknown; protocol?: unknown };
  if (version !== RECORDING_VERSION)
    return fail(
      'UNSUPPORTED_VERSION',
      `Recording version ${String(version)} is not supported (this page reads version ${RECORDING_VERSION}).`,
    );
  if (protocol !== PROTOCOL_VERSION)
    return fail(
      'UNSUPPORTED_VERSION',
      `Protocol version ${String(protocol)} is not supported (this page speaks version ${PROTOCOL_VERSION}).`,
    );
  const parsed = Recording.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue
      ? issue.path
          .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
          .join('')
          .replace(/^\./, '')
      : '';
    return fail(
      'INVALID',
      `The recording is damaged at ${path || 'the top level'}: ${issue?.message ?? 'invalid'}.`,
      path,
    );
  }
  const events = parsed.data.events;
  for (let i = 0; i < events.length; i++) {
    const problem = eventValueProblem(events[i]!, `events[${i}]`);
    if (problem)
      return fail('INVALID', `The recording is damaged at ${problem.path}: ${problem.message}.`, problem.path);
  }
  for (let i = 1; i < events.length; i++) {
    if (events[i]!.seq <= events[i - 1]!.seq)
      return fail(
        'OUT_OF_ORDER',
        `Event ${i} (seq ${events[i]!.seq}) does not come after seq ${events[i - 1]!.seq}.`,
        `events[${i}].seq`,
      );
  }
  return { ok: true, recording: parsed.data };
}

function fail(code: RecordingError['code'], message: string, path?: string): RecordingResult {
  return { ok: false, error: path ? { code, message, path } : { code, message } };
}

/** A file name for a recording made at `date`: allo-2026-11-22-1416.json. */
export function recordingFileName(date: Date, ext = 'json'): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `allo-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}.${ext}`;
}
