/**
 * Export and import of recordings (lazy-loaded: only a click on Export or
 * Import brings this code in). Importing validates the whole file before
 * touching anything, so a bad file changes nothing on screen.
 */
import { createRecording, parseRecording, recordingFileName, type RecordingError } from '../../shared/recording';
import type { AlloStore } from '../store';
import { startSeq } from '../store/navigation';
import { goOffline } from './offline';
import { downloadBlob } from './download';

/** Longer than the frame buffer's longest wait (store/frameBuffer.ts, 100 ms). */
const FLUSH_WAIT_MS = 150;

/** Saves every event of the page as an Allô recording (JSON). */
export function exportRecording(store: AlloStore, now = new Date()): string {
  const s = store.getState();
  const recording = createRecording(s.events, { app: 'allo', lang: s.lang, ...(s.shed ? { shed: s.shed } : {}) }, now);
  const name = recordingFileName(now);
  downloadBlob(new Blob([JSON.stringify(recording)], { type: 'application/json' }), name);
  return name;
}

/**
 * Loads a recording into the page: hangs up the live session, shows the
 * recording from its start (nothing has happened yet) and lets the person step.
 * Returns the error, untouched page included, when the file is not a recording.
 */
export async function importRecording(
  store: AlloStore,
  file: Blob,
): Promise<{ ok: true; events: number } | { ok: false; error: RecordingError }> {
  const result = parseRecording(await file.text());
  if (!result.ok) return result;
  const { events } = result.recording;
  goOffline(store);
  // Live events received just before hanging up may still sit in the per-frame buffer,
  // which flushes within FLUSH_WAIT_MS at the latest; let them land before replacing everything.
  await new Promise((resolve) => setTimeout(resolve, FLUSH_WAIT_MS));
  const s = store.getState();
  s.replaceEvents(events);
  s.setShed(result.recording.meta.shed ?? 0);
  store.setState({ cursor: startSeq(events), playing: false });
  return { ok: true, events: events.length };
}
