import { useCallback, useEffect, useState, type RefObject } from 'react';

/**
 * Browsers stop laying out an element past a height (Chromium ~33.5 million px,
 * Firefox ~17.9 million): 1,000,000 rows of 46 px would not fit. Beyond this
 * height the scrollbar's range maps onto the rows' range, end to end.
 */
export const MAX_SCROLL_HEIGHT = 8_000_000;

export interface RowWindow {
  /** Height of the scrolled content, px (at most MAX_SCROLL_HEIGHT). */
  height: number;
  /** Pixels of rows per pixel of scrollbar (1 until the rows are taller than the cap). */
  scale: number;
  /** The rows to draw: their index and their top inside the scrolled content, px. */
  items: { index: number; top: number }[];
}

/** Which rows of `count` equal rows a scroll position shows, plus `overscan` on each side. */
export function rowWindow(
  count: number,
  rowHeight: number,
  scrollTop: number,
  viewport: number,
  overscan = 12,
): RowWindow {
  const total = count * rowHeight;
  const height = Math.min(total, MAX_SCROLL_HEIGHT);
  const scale = total > height && height > viewport ? (total - viewport) / (height - viewport) : 1;
  const top = Math.max(0, Math.min(scrollTop, height - viewport));
  const offset = top * scale; // px into the rows
  const first = Math.max(0, Math.floor(offset / rowHeight) - overscan);
  const last = Math.min(count - 1, Math.ceil((offset + viewport) / rowHeight) + overscan);
  const items: RowWindow['items'] = [];
  for (let index = first; index <= last; index++) items.push({ index, top: top + index * rowHeight - offset });
  return { height, scale, items };
}

/** The scrollTop that shows row `index`: at the bottom edge (`end`), or the least move that shows it (`auto`). */
export function scrollTopFor(
  index: number,
  align: 'end' | 'auto',
  count: number,
  rowHeight: number,
  viewport: number,
  scrollTop: number,
): number {
  const { height, scale } = rowWindow(count, rowHeight, scrollTop, viewport, 0);
  const offset = scrollTop * scale;
  const rowTop = index * rowHeight;
  let target = offset;
  if (align === 'end' || rowTop + rowHeight > offset + viewport) target = rowTop + rowHeight - viewport;
  else if (rowTop < offset) target = rowTop;
  return Math.max(0, Math.min(target / scale, height - viewport));
}

/**
 * A list of equal rows in a scrolling element: only the rows on screen exist.
 * (Rows are one height by design, so this is a division, not a measuring library.)
 */
export function useFixedRows(scroller: RefObject<HTMLElement | null>, count: number, rowHeight: number) {
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(0);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const onScroll = () => setScrollTop(el.scrollTop);
    const observer = new ResizeObserver(() => setViewport(el.clientHeight));
    el.addEventListener('scroll', onScroll, { passive: true });
    observer.observe(el);
    setViewport(el.clientHeight);
    return () => {
      el.removeEventListener('scroll', onScroll);
      observer.disconnect();
    };
  }, [scroller]);
  const shown = rowWindow(count, rowHeight, scrollTop, viewport);
  const scrollToIndex = useCallback(
    (index: number, align: 'end' | 'auto') => {
      const el = scroller.current;
      if (!el) return;
      const top = scrollTopFor(index, align, count, rowHeight, el.clientHeight, el.scrollTop);
      if (Math.abs(top - el.scrollTop) >= 1) el.scrollTop = top;
    },
    [scroller, count, rowHeight],
  );
  return { ...shown, scrollToIndex };
}
