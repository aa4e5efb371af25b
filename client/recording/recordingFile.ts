/**
 * Export and import of recordings (lazy-loaded: only a click on Export or
 * Import brings this code in). Importing validates the whole file before
 * touching anything, so a bad file changes nothing on screen.
 */
import { createRecording, parseRecording, recordingFileName, type RecordingError } from '../../shared/recording';
import type { AlloStore } from '../store';
import { downloadBlob } from './download';

/** Saves every event of the page as an Allô recording (JSON). */
export function exportRecording(store: AlloStore, now = new Date()): string {
  const s = store.getState();
  const recording = createRecording(s.events, { app: 'allo', lang: s.lang, ...(s.shed ? { shed: s.shed } : {}) }, now);
  const name = recordingFileName(now);
  downloadBlob(new Blob([JSON.stringify(recording)], { type: 'application/json' }), name);
  return name;
}

/** Reads and checks a recording file without touching the page. */
export async function readRecording(file: Blob) {
  return parseRecording(await file.text());
}

/**
 * Shows a recording from its start (nothing has happened yet) so the person can step through it. A live
 * session stays connected, parked, and fed by its connection: `backToLive()` returns to it without a reload.
 * Returns the error, untouched page included, when the file is not a recording.
 */
export async function importRecording(
  store: AlloStore,
  file: Blob,
): Promise<{ ok: true; events: number } | { ok: false; error: RecordingError }> {
  const result = await readRecording(file);
  if (!result.ok) return result;
  const { events } = result.recording;
  store.getState().openRecording(events, result.recording.meta.shed ?? 0);
  return { ok: true, events: events.length };
}
