import { lazy, Suspense, useEffect } from 'react';
import { registerShortcut } from '../../keyboard/shortcuts';
import { store } from '../../store';
import { indexAtOrBefore } from '../../store/navigation';
import { selectCursorSeq } from '../../store/timelineSlice';
import { worldNow } from '../../lib/useWorld';
import { canFollow, closeStream, openStream, streamSocketOf, useFollowStream } from './followStream';

// The panel and its transcript load on first use: the initial page stays small.
const FollowStream = lazy(() => import('./FollowStream').then((m) => ({ default: m.FollowStream })));

/** The socket `s` follows: the event log's row at the cursor when the log has focus, else the chosen socket, else the cursor's. */
function socketToFollow(): string | null {
  const s = store.getState();
  const world = worldNow();
  const events = s.events;
  const atCursor = streamSocketOf(events[indexAtOrBefore(events, selectCursorSeq(s))]);
  const inLog = document.activeElement?.closest('.event-log') !== null && document.activeElement !== null;
  const order = inLog ? [atCursor, s.selectedSocket] : [s.selectedSocket, atCursor];
  return order.find((id) => canFollow(world, id)) ?? null;
}

/** Mounts the "Follow the stream" panel when it is open, and its shortcut (`s`, listed in the `?` overlay). */
export function FollowStreamHost() {
  const open = useFollowStream((s) => s.open);
  useEffect(
    () =>
      registerShortcut({
        key: 's',
        description: 'stream:shortcut.follow',
        run: () => (useFollowStream.getState().open ? closeStream() : openStream(socketToFollow())),
      }),
    [],
  );
  return open ? (
    <Suspense fallback={null}>
      <FollowStream />
    </Suspense>
  ) : null;
}
