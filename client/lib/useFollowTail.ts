import { useCallback, useEffect, useRef, useState } from 'react';

/** What a scroller's own numbers say: how far down it is, how tall its box and its content. */
export interface ScrollBox {
  scrollTop: number;
  clientHeight: number;
  scrollHeight: number;
}

/**
 * Whether the person scrolled a following list up since the list last put itself at its tail (at
 * `lastTop`), though no scroll event has said so yet: the browser reports a scroll at the next frame,
 * and a row that arrives before it would otherwise pull the list back down and lose that scroll (seen
 * in a fresh-clone run: scrolled to the top during TIME_WAIT's countdown, the log was at its tail again
 * and offered no "Newest ↓"). A list that got shorter and was clamped is at its bottom: not a scroll.
 */
export function scrolledAway(box: ScrollBox, lastTop: number | null, slack: number): boolean {
  if (lastTop === null) return false;
  const atBottom = box.scrollTop + box.clientHeight >= box.scrollHeight - slack;
  return !atBottom && box.scrollTop < lastTop - slack;
}

/**
 * Live, a list or diagram follows its newest row unless the person scrolled up
 * to read; at the bottom again it follows again, and going back to live (the
 * Live button, the end of a replay) is a request to see the newest. Decided
 * from the element's own numbers in its scroll handler (`onScroll`), never in
 * the middle of a step: `followingRef` is what an effect reads, `following`
 * what the page shows ("Newest ↓"). Before it moves to the tail, an effect asks
 * `keepFollowing(el)`, which also catches a scroll whose event has not come yet,
 * and tells `followed(el)` where it put the list.
 */
export function useFollowTail(live: boolean) {
  const [following, setFollowing] = useState(true);
  const followingRef = useRef(true);
  // Where the list last was at its tail, by its own doing or the person's: a scroll above it is the person's.
  const lastTop = useRef<number | null>(null);
  const follow = useCallback((value: boolean) => {
    // Asked to follow (Live, "Newest ↓", back at the bottom): where the list was before is no reference.
    if (value) lastTop.current = null;
    followingRef.current = value;
    setFollowing(value);
  }, []);
  useEffect(() => {
    if (live) follow(true);
  }, [live, follow]);
  /** For the scroller's onScroll: `slack` px from the bottom still counts as at the bottom. */
  const onScroll = useCallback(
    (el: HTMLElement, slack: number) => {
      const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - slack;
      if (atBottom !== followingRef.current) follow(atBottom);
      lastTop.current = atBottom ? el.scrollTop : null;
    },
    [follow],
  );
  /** Whether to move `el` to its tail now: following, and not scrolled up by a scroll not yet reported. */
  const keepFollowing = useCallback(
    (el: HTMLElement, slack: number) => {
      if (!followingRef.current) return false;
      if (!scrolledAway(el, lastTop.current, slack)) return true;
      follow(false);
      return false;
    },
    [follow],
  );
  /** After moving `el` to its tail: where it is now. */
  const followed = useCallback((el: HTMLElement) => {
    lastTop.current = el.scrollTop;
  }, []);
  return { following, followingRef, follow, onScroll, keepFollowing, followed };
}
