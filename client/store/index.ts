import { createContext, useContext } from 'react';
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { createConnectionSlice, type ConnectionSlice } from './connectionSlice';
import { createEventsSlice, type EventsSlice } from './eventsSlice';
import { createTimelineSlice, type TimelineSlice } from './timelineSlice';
import { createUiSlice, type UiSlice } from './uiSlice';
import { createLessonSlice, type LessonSlice } from './lessonSlice';
import { createSourceSlice, type SourceSlice } from './sourceSlice';
import { createClassSlice, type ClassSlice } from './classSlice';

/** The one store of the page, composed of slices by concern. */
export type AlloState = ConnectionSlice &
  EventsSlice &
  TimelineSlice &
  UiSlice &
  LessonSlice &
  SourceSlice &
  ClassSlice;

/** Plain store (no React): testable in Node, used by the connection and tests. */
export function createAlloStore() {
  return createStore<AlloState>()((...a) => ({
    ...createConnectionSlice(...a),
    ...createEventsSlice(...a),
    ...createTimelineSlice(...a),
    ...createUiSlice(...a),
    ...createLessonSlice(...a),
    ...createSourceSlice(...a),
    ...createClassSlice(...a),
  }));
}

export type AlloStore = ReturnType<typeof createAlloStore>;

export const store: AlloStore = createAlloStore();

/**
 * The store the views below read: the page's own, unless a provider says otherwise — the class's
 * spotlight shows another session's events with the same stage and diagram (features/class/spotlight.ts).
 */
export const StoreContext = createContext<AlloStore>(store);

/** The store of the views around this component (see StoreContext). */
export function useAlloStore(): AlloStore {
  return useContext(StoreContext);
}

/** React hook: select the smallest piece you need. */
export function useAllo<T>(selector: (state: AlloState) => T): T {
  return useStore(useContext(StoreContext), selector);
}
