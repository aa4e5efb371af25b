import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Live, a list or diagram follows its newest row unless the person scrolled up
 * to read; at the bottom again it follows again, and going back to live (the
 * Live button, the end of a replay) is a request to see the newest. Decided
 * from the element's own numbers in its scroll handler (`onScroll`), never in
 * the middle of a step: `followingRef` is what an effect reads, `following`
 * what the page shows ("Newest ↓").
 */
export function useFollowTail(live: boolean) {
  const [following, setFollowing] = useState(true);
  const followingRef = useRef(true);
  const follow = useCallback((value: boolean) => {
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
    },
    [follow],
  );
  return { following, followingRef, follow, onScroll };
}
