import type { MouseEvent } from 'react';
import type { Event } from '../../../shared/protocol';
import { createWorldCursor } from '../../../shared/world';
import { store } from '../../store';
import { canFollow, openStream, streamSocketOf } from './followStream';

const heads = createWorldCursor();

/** A log row's context menu (right click) on a TCP call's event opens "Follow the stream" on that call. */
export function followFromRow(ev: MouseEvent, e: Event): void {
  const socket = streamSocketOf(e);
  const { events, head } = store.getState();
  // The row may be after the cursor: whether its socket has a call is the session's whole story.
  if (!canFollow(heads.at(events, head), socket)) return;
  ev.preventDefault();
  openStream(socket);
}
