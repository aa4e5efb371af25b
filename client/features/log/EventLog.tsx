import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import type { EventKind } from '../../../shared/protocol';
import { EVENT_KINDS } from '../../../shared/protocolValues';
import { store, useAllo } from '../../store';
import { selectCursorSeq } from '../../store/timelineSlice';
import { createLogIndex, warmSearchText, type LogFilter } from './logFilter';
import { LogRows } from './LogRows';
import { WireFilterSelect } from './WireFilterSelect';
import { kindLabel } from './eventSummary';
import './log.css';

/** How long a frame may spend filtering: the rest of the frame stays free for scrolling and typing. */
const FILTER_SLICE_MS = 8;

/**
 * Every event of the session, virtualised (100,000 rows scroll smoothly),
 * filtered by socket, kind and words, bytes as text or hex. Clicking a row moves
 * the timeline cursor there; rows after the cursor are dimmed.
 */
export function EventLog() {
  const { t } = useTranslation('log');
  const version = useAllo((s) => s.version);
  const head = useAllo((s) => s.head);
  const cursor = useAllo(selectCursorSeq);
  const live = useAllo((s) => s.cursor === null);
  const [filter, setFilter] = useState<LogFilter>({ socket: null, kind: null, query: '' });
  const [hex, setHex] = useState(false);
  const index = useRef(createLogIndex()).current;
  const events = store.getState().events;
  // `head` changes on append (same array), `version` on replace: both re-run the incremental filter.
  // Filtering 100,000 events takes a moment: the field answers every keystroke at once, the rows follow.
  const deferred = useDeferredValue(filter);
  // A new filter is applied FILTER_SLICE_MS at a time, one slice a frame, the count growing as it goes.
  const [slice, setSlice] = useState(0);
  const rows = useMemo(
    () => index.update(events, deferred, FILTER_SLICE_MS),
    [index, events, deferred, version, head, slice],
  );
  const count = rows.length;
  const filtering = index.remaining(events) > 0;
  useEffect(() => {
    if (!filtering) return;
    const frame = requestAnimationFrame(() => setSlice((n) => n + 1));
    return () => cancelAnimationFrame(frame);
  }, [filtering, slice, rows]);
  const sockets = useMemo(() => socketIds(events), [events, version]);
  // A new list (an imported recording): prepare its search text while nobody is waiting.
  useEffect(() => warmSearchText(events), [events]);

  return (
    <section className="panel event-log" aria-label={t('title')}>
      <header className="event-log-head">
        <h2>{t('title')}</h2>
        <span
          className="event-log-count"
          data-testid="event-log-count"
          data-shown={count}
          data-total={events.length}
          data-filtering={filtering || undefined}
          aria-busy={filtering || undefined}
        >
          {t('count', { shown: count, total: events.length })}
        </span>
      </header>
      <div className="event-log-filters" role="search">
        <label>
          <span className="sr-only">{t('filter.socket')}</span>
          <select
            value={filter.socket ?? ''}
            onChange={(e) => setFilter({ ...filter, socket: e.target.value || null })}
            aria-label={t('filter.socket')}
          >
            <option value="">{t('filter.allSockets')}</option>
            {sockets.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="sr-only">{t('filter.kind')}</span>
          <select
            value={filter.kind ?? ''}
            onChange={(e) => setFilter({ ...filter, kind: (e.target.value || null) as EventKind | null, wire: null })}
            aria-label={t('filter.kind')}
          >
            <option value="">{t('filter.allKinds')}</option>
            {EVENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {kindLabel(k, t)}
              </option>
            ))}
          </select>
        </label>
        {filter.kind === 'segment' && (
          <WireFilterSelect value={filter.wire ?? null} onChange={(wire) => setFilter({ ...filter, wire })} />
        )}
        <input
          type="search"
          value={filter.query}
          placeholder={t('filter.search')}
          aria-label={t('filter.search')}
          onChange={(e) => setFilter({ ...filter, query: e.target.value })}
        />
        <button aria-pressed={hex} onClick={() => setHex(!hex)} title={t('hexHint')}>
          {hex ? t('hex') : t('text')}
        </button>
      </div>
      <LogRows rows={rows} count={count} cursor={cursor} live={live} hex={hex} version={version} />
    </section>
  );
}

function socketIds(events: ReturnType<typeof store.getState>['events']): string[] {
  const ids: string[] = [];
  for (const e of events) if (e.kind === 'created') ids.push(e.socket);
  return ids;
}
