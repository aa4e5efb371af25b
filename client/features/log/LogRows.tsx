import { useEffect, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import { store } from '../../store';
import { useRootFontSize } from '../../lib/useRootFontSize';
import { useFollowTail } from '../../lib/useFollowTail';
import { indexAtOrBefore } from '../../store/navigation';
import { rowAtOrBefore } from './logFilter';
import { eventSummary, formatSeconds, kindLabel } from './eventSummary';
import { KindName } from './KindName';
import { followFromRow } from '../stream';
import { useFixedRows } from './fixedRows';
import { protoOf } from './socketProtos';

interface Props {
  /** Indices into the events of the rows shown (mutated in place on append: `count` is its length now). */
  rows: readonly number[];
  count: number;
  cursor: number;
  live: boolean;
  hex: boolean;
  version: number;
}

/** The scrolling part of the log: only the rows on screen exist in the DOM. */
export function LogRows({ rows, count, cursor, live, hex }: Props) {
  const { t, i18n } = useTranslation('log');
  const scroller = useRef<HTMLDivElement>(null);
  // In a narrow column a row takes two lines, so the bytes keep room to be read.
  const [narrow, setNarrow] = useState(false);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setNarrow(el.clientWidth < 460));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  // Rows are as tall as the type needs: it grows with the screen and in large-text mode.
  const rowHeight = Math.round(useRootFontSize() * (narrow ? 2.9 : 1.8));
  // Live, the log follows the tail unless the person scrolled up to read, decided from the element's own
  // numbers in the scroll handler (a virtualizer's scroll state, read instead, ran one jump late: after
  // connect() the log stopped at row #9 for good).
  const { following, follow, onScroll, keepFollowing, followed } = useFollowTail(live);
  const events = store.getState().events;
  const { height, items, scrollToIndex } = useFixedRows(scroller, count, rowHeight);

  // The row of the cursor: the cursor's own event, or the last shown row before it.
  const cursorRow = rowAtOrBefore(rows, indexAtOrBefore(events, cursor));

  // Follow the cursor: live, only while the person has not scrolled up to read.
  useEffect(() => {
    const el = scroller.current;
    if (cursorRow < 0 || !el || (live && !keepFollowing(el, rowHeight * 1.5))) return;
    scrollToIndex(cursorRow, live ? 'end' : 'auto');
    if (live) followed(el);
  }, [cursorRow, live, count, scrollToIndex, following, keepFollowing, followed, rowHeight]);

  const moveTo = (row: number) => {
    const i = rows[Math.max(0, Math.min(row, count - 1))];
    if (i === undefined) return;
    store.setState({ cursor: events[i]!.seq, playing: false });
  };

  return (
    <div className="event-log-body">
      <div
        ref={scroller}
        className={`event-log-scroll ${narrow ? 'is-narrow' : ''}`}
        data-testid="event-log-scroll"
        role="listbox"
        tabIndex={0}
        aria-label={t('rows')}
        aria-activedescendant={cursorRow >= 0 ? `log-row-${events[rows[cursorRow]!]!.seq}` : undefined}
        // The scroller is `contain: strict`, so its own layout is all these reads can cost.
        onScroll={(e) => onScroll(e.currentTarget, rowHeight * 1.5)}
        onKeyDown={(e) => {
          // Up/Down walk the rows shown (filtered); ←/→ remain the timeline's.
          if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
          e.preventDefault();
          moveTo(cursorRow + (e.key === 'ArrowUp' ? -1 : 1));
        }}
      >
        <div style={{ height: height, position: 'relative' }}>
          {items.map((item) => {
            const e = events[rows[item.index]!]!;
            const state = e.seq === cursor ? 'is-cursor' : e.seq > cursor ? 'is-future' : '';
            return (
              <div
                key={item.index}
                id={`log-row-${e.seq}`}
                role="option"
                aria-selected={e.seq === cursor}
                className={`event-row kind-${e.kind} ${state}`}
                data-testid="event-row"
                data-seq={e.seq}
                data-kind={e.kind}
                style={{ height: rowHeight, transform: `translateY(${item.top}px)` }}
                onClick={() => moveTo(item.index)}
                onContextMenu={(ev) => followFromRow(ev, e)}
              >
                <span className="event-seq">#{e.seq}</span>
                <span className="event-time">{formatSeconds(e.t, i18n.language)}</span>
                <span className="event-socket">{'socket' in e ? e.socket : ''}</span>
                <span className="event-kind" title={kindLabel(e.kind, t)}>
                  <KindName kind={e.kind} />
                </span>
                <span className="event-summary">{eventSummary(e, t, hex, (id) => protoOf(events, id))}</span>
              </div>
            );
          })}
        </div>
        {count === 0 && <p className="event-log-empty">{events.length ? t('noMatch') : t('empty')}</p>}
      </div>
      {live && !following && count > 0 && (
        <button
          type="button"
          className="newest-pill"
          data-testid="log-newest"
          onClick={() => {
            follow(true);
            scrollToIndex(count - 1, 'end');
          }}
        >
          {t('newest')}
        </button>
      )}
    </div>
  );
}
