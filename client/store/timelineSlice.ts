import type { StateCreator } from 'zustand';
import type { AlloState } from './index';

export const SPEEDS = [0.25, 0.5, 1, 2, 4] as const;

export interface TimelineSlice {
  /** seq the views show; null = live (follow the newest event). */
  cursor: number | null;
  /** Replay in progress (cursor advances by itself at `speed`). */
  playing: boolean;
  /** Animation and replay speed, 0.25×–4×. */
  speed: number;
  setCursor(seq: number | null): void;
  setPlaying(playing: boolean): void;
  setSpeed(speed: number): void;
}

export const createTimelineSlice: StateCreator<AlloState, [], [], TimelineSlice> = (set, get) => ({
  cursor: null,
  playing: false,
  speed: 1,
  // A number pins the views to that event (clamped to what exists); null follows live.
  setCursor: (seq) => set({ cursor: seq === null ? null : Math.max(0, Math.min(seq, get().head)) }),
  setPlaying: (playing) => set({ playing }),
  setSpeed: (speed) => set({ speed: Math.min(4, Math.max(0.25, speed)) }),
});

/** The seq the views should show. */
export const selectCursorSeq = (s: Pick<AlloState, 'cursor' | 'head'>): number => s.cursor ?? s.head;
