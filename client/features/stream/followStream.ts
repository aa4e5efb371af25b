/**
 * Whether the "Follow the stream" panel is open, and on which socket's call.
 * A tiny store of its own (the page's store imports no feature), so a stage
 * card, the diagram or the log can open it with one call.
 */
import { create } from 'zustand';
import type { Event } from '../../../shared/protocol';
import type { World } from '../../../shared/world';

interface FollowState {
  open: boolean;
  /** The followed socket (null: the panel asks which call). */
  socket: string | null;
}

export const useFollowStream = create<FollowState>(() => ({ open: false, socket: null }));

let returnFocus: HTMLElement | null = null;

/** Opens the panel on a socket's call (or lets the person choose one). */
export function openStream(socket: string | null): void {
  if (!useFollowStream.getState().open && document.activeElement instanceof HTMLElement)
    returnFocus = document.activeElement;
  useFollowStream.setState({ open: true, socket });
}

/** Closes the panel; focus goes back where it was when it opened. */
export function closeStream(): void {
  useFollowStream.setState({ open: false });
  const back = returnFocus;
  returnFocus = null;
  if (back?.isConnected) back.focus();
}

/** The TCP socket an event is about (an `accepted` event: the new call), for "follow the stream of this row". */
export function streamSocketOf(e: Event | undefined): string | null {
  if (!e) return null;
  if (e.kind === 'accepted') return e.child;
  return 'socket' in e && e.socket ? e.socket : null;
}

/** Whether a socket has a stream to follow: TCP, with a remote end. */
export function canFollow(world: World, socket: string | null | undefined): boolean {
  const s = socket ? world.sockets[socket] : undefined;
  return Boolean(s && s.proto === 'tcp' && s.remote);
}
