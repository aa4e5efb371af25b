import type { StateCreator } from 'zustand';
import { startSeq, stepSeq } from './navigation';
import type { AlloState } from './index';
import { canFollowLive } from './sourceSlice';

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
  /** Pins the views to the cursor (the newest event when live) and stops a replay. */
  pause(): void;
  /** Replays from the cursor; from the start when the cursor is at the end or live. */
  play(): void;
  /** Space bar: live or playing → pause; paused → play. */
  togglePlay(): void;
  /** One event back (negative) or forward; pauses. */
  step(delta: number): void;
  /** Before the first event: nothing has happened yet. */
  jumpToStart(): void;
  /** The newest event; live again when a server is connected. */
  jumpToEnd(): void;
}

export const createTimelineSlice: StateCreator<AlloState, [], [], TimelineSlice> = (set, get) => ({
  cursor: null,
  playing: false,
  speed: 1,
  // A number pins the views to that event (clamped to what exists); null follows live.
  setCursor: (seq) => set({ cursor: seq === null ? null : Math.max(0, Math.min(seq, get().head)) }),
  setPlaying: (playing) => set({ playing }),
  setSpeed: (speed) => set({ speed: Math.min(4, Math.max(0.25, speed)) }),
  pause: () => set((s) => ({ playing: false, cursor: s.cursor ?? s.head })),
  play: () => {
    const { cursor, head, events } = get();
    if (!events.length) return;
    const from = cursor === null || cursor >= head ? startSeq(events) : cursor;
    set({ cursor: from, playing: true });
  },
  togglePlay: () => {
    const { playing, cursor } = get();
    if (playing || cursor === null) get().pause();
    else get().play();
  },
  step: (delta) => {
    const { events, cursor, head } = get();
    set({ playing: false, cursor: stepSeq(events, cursor ?? head, delta) });
  },
  jumpToStart: () => set((s) => ({ playing: false, cursor: startSeq(s.events) })),
  jumpToEnd: () => set((s) => ({ playing: false, cursor: canFollowLive(s) ? null : s.head })),
});

/** The seq the views should show. */
export const selectCursorSeq = (s: Pick<AlloState, 'cursor' | 'head'>): number => s.cursor ?? s.head;
