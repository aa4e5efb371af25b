import type { AlloStore } from '../store';

/**
 * The page's live connection, if it has one, so that importing a recording can
 * hang it up: from then on the page plays the file, offline, and no event of the
 * live session can slip in among the recorded ones.
 */
let hangUp: (() => void) | null = null;

/** Called once by main.tsx with the function that stops the live connection. */
export function setLiveConnection(stop: () => void): void {
  hangUp = stop;
}

/** Stops the live connection (if any) and marks the page offline. */
export function goOffline(store: AlloStore): void {
  hangUp?.();
  hangUp = null;
  store.getState().setStatus('offline');
}
