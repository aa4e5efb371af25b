import type { SpotlightFrame } from '../../../shared/protocol';
import { createAlloStore, type AlloStore } from '../../store';

/**
 * The spotlighted student's events, read-only, in a store of their own: the stage and the sequence diagram
 * read it through StoreContext exactly as they read the page's own session, and nothing in it can send
 * (its transport is the slice's default, which answers DISCONNECTED).
 */
export const spotlightStore: AlloStore = createAlloStore();
spotlightStore.setState({ status: 'offline', source: 'recording' });

/** A `spotlight` frame from the server: a new copy (`reset`), more of it, or the end of it (`student: null`). */
export function applySpotlightFrame(main: AlloStore, frame: SpotlightFrame): void {
  const s = spotlightStore.getState();
  if (frame.student === null) {
    s.replaceEvents([]);
    main.getState().setSpotlighted(null);
    return;
  }
  if (frame.reset) s.replaceEvents(frame.events);
  else s.appendEvents(frame.events);
  const was = main.getState().spotlighted;
  if (was?.student !== frame.student || (frame.name && was.name !== frame.name))
    main.getState().setSpotlighted({ student: frame.student, name: frame.name ?? was?.name ?? frame.student });
}
