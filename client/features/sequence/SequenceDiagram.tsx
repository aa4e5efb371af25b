import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import { socketEnds } from '../../../shared/pairing';
import { createWorldCursor } from '../../../shared/world';
import { useAllo, useAlloStore } from '../../store';
import { selectCursorSeq } from '../../store/timelineSlice';
import { buildSequence, createRowCounter } from './model/build';
import { conversationList, conversationSockets } from './model/conversations';
import { GEOMETRY, usePalette } from './palette';
import { indexAtOrBefore } from '../../store/navigation';
import type { Event } from '../../../shared/protocol';
import type { SequenceModel } from './model/types';
import { DiagramBody, LifelineHeads, diagramLayout } from './DiagramSvg';
import { ArrowDetails } from './ArrowDetails';
import { ConversationFilter } from './ConversationFilter';
import { ZoomControls, useZoom } from './ZoomControls';
import { useRootFontSize } from '../../lib/useRootFontSize';
import { useFollowTail } from '../../lib/useFollowTail';
import { useWireView } from '../wire/lazy';
import './sequence.css';

// SVG/PNG export is loaded on first use.
const loadExport = () => import('./exportDiagram');

// Module-level, not per component: the first render reduces the whole session (100,000 events
// take a few hundred ms), and a render that React throws away — the store moved on while it ran,
// as it does in a live session or while stepping — would otherwise start that work over each time,
// so the diagram might never get on screen. One diagram is shown at a time; each cache restarts
// by itself on a new event list.
const worlds = createWorldCursor();
const headWorlds = createWorldCursor();
const rowCounter = createRowCounter();

/**
 * The sequence diagram of the session at the timeline cursor: one lifeline per
 * socket, arrows for the handshake, data (paired by stream offset), FIN, RST and
 * UDP postcards. Click an arrow (or focus it and press Enter) for its bytes.
 * The lifelines' heads stay at the top while the rows scroll; the diagram can
 * be zoomed, fitted to the width, and narrowed to one conversation.
 */
export function SequenceDiagram() {
  const { t, i18n } = useTranslation('sequence');
  const version = useAllo((s) => s.version);
  const head = useAllo((s) => s.head);
  const cursor = useAllo(selectCursorSeq);
  const live = useAllo((s) => s.cursor === null);
  const events = useAlloStore().getState().events;
  const heads = useRef<SVGSVGElement>(null);
  const body = useRef<SVGSVGElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const palette = usePalette();
  // The diagram is drawn for 15 px type and scaled with the page's (bigger screens, large text), then zoomed.
  const base = Math.max(1, useRootFontSize() / 15);

  const sockets = useMemo(() => socketEnds(events), [events, version, head]);
  // Conversations are those of the whole session, so a filter holds wherever the cursor goes.
  const headWorld = useMemo(() => headWorlds.at(events, head), [events, version, head]);
  const conversations = useMemo(() => conversationList(headWorld, sockets), [headWorld, sockets]);
  // A filter whose sockets are gone (another session, a new recording) shows everything again.
  const active = conversations.some((c) => c.value === filter) ? filter : '';
  const only = useMemo(
    () => (active ? conversationSockets(active, headWorld, sockets, events) : undefined),
    [active, headWorld, sockets, events],
  );
  const model = useMemo(
    () => buildSequence({ events, cursor, world: worlds.at(events, cursor), sockets, only, rows: rowCounter }),
    [events, cursor, sockets, only],
  );
  const layout = useMemo(() => diagramLayout(model), [model]);
  const zoom = useZoom(scroller, layout.width * base);
  const scale = base * zoom.value;
  const rowTimes = useMemo(() => {
    const bySeq = new Map<number, number>();
    const first = model.rowSeqs[0] ?? 0;
    const start = indexAtOrBefore(events, first - 1) + 1;
    for (let i = start; i < events.length && events[i]!.seq <= cursor; i++) bySeq.set(events[i]!.seq, events[i]!.t);
    return model.rowSeqs.map((s) => bySeq.get(s) ?? 0);
  }, [model, events, cursor]);
  const wire = useWireView({ events, cursor, model, rowTimes, world: worlds.at(events, cursor), scale, layout });
  const calls = wire.calls;
  const arrow = model.arrows.find((a) => a.key === selected) ?? null;

  // The cursor is the last row drawn: keep it in view as the timeline moves (stepping, written, never read:
  // reading the scroll height would force a layout in the middle of the step). Live, only while the person
  // has not scrolled up to read, even by a scroll whose event has not come yet (keepFollowing reads where the
  // diagram is, once per live row): the kernel's TIME_WAIT countdown adds a row every second, and pulling the
  // diagram down each time took the arrow being read (or hovered for its header) away.
  const { following, follow, onScroll, keepFollowing, followed: atTail } = useFollowTail(live);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || (live && !keepFollowing(el, GEOMETRY.row * scale * 1.5))) return;
    el.scrollTop = 1e9;
    if (live) atTail(el);
  }, [model, scale, live, following, keepFollowing, atTail]);
  // …and the lifeline of the socket it concerns, when the cursor moves to another socket: the
  // person can scroll sideways to any lifeline in between, and the diagram does not pull back.
  const followed = useRef<string | null>(null);
  useEffect(() => {
    const el = scroller.current;
    const socket = cursorSocket(model, events);
    if (!el || socket === followed.current) return;
    followed.current = socket;
    const i = model.lifelines.findIndex((l) => l.id === socket);
    if (i < 0) return;
    const x = (GEOMETRY.left + i * GEOMETRY.col) * scale;
    if (x < el.scrollLeft + 80 || x > el.scrollLeft + el.clientWidth - 80) el.scrollLeft = x - el.clientWidth / 2;
  }, [model, events, scale]);

  const select = useCallback((key: string) => setSelected(key), []);
  const exportAs = async (format: 'svg' | 'png') => {
    if (!heads.current || !body.current) return;
    try {
      const { exportDiagram } = await loadExport();
      const name = await exportDiagram(
        { heads: heads.current, body: body.current, note: t('kernelNote'), palette },
        format,
      );
      setMessage(t('exported', { name }));
    } catch (err) {
      setMessage(t('exportFailed', { reason: err instanceof Error ? err.message : String(err) }));
    }
  };

  return (
    <section className="panel sequence" aria-label={t('title')} data-testid="sequence" data-cursor={cursor}>
      <header className="sequence-head">
        <h2>{t('title')}</h2>
        <ConversationFilter value={active} onChange={setFilter} conversations={conversations} world={headWorld} />
        <ZoomControls zoom={zoom} />
        <div className="sequence-actions">
          <button onClick={() => void exportAs('svg')} disabled={!model.lifelines.length}>
            {t('exportSvg')}
          </button>
          <button onClick={() => void exportAs('png')} disabled={!model.lifelines.length}>
            {t('exportPng')}
          </button>
          {wire.controls}
        </div>
        {message && (
          <p className="sequence-message" role="status">
            {message}
          </p>
        )}
      </header>
      {model.hiddenBefore > 0 && <p className="sequence-hidden">{t('hiddenBefore', { count: model.hiddenBefore })}</p>}
      <div className="sequence-body">
        <div
          className="sequence-scroll"
          ref={scroller}
          data-testid="sequence-scroll"
          data-zoom={zoom.value.toFixed(3)}
          data-fit={zoom.fit}
          data-following={following}
          onScroll={(e) => onScroll(e.currentTarget, GEOMETRY.row * scale * 1.5)}
        >
          {model.lifelines.length ? (
            <div className="sequence-canvas" style={{ width: layout.width * scale }}>
              <LifelineHeads
                ref={heads}
                lifelines={model.lifelines}
                layout={layout}
                scale={scale}
                palette={palette}
                t={t}
              />
              <div className="wire-stack">
                <DiagramBody
                  ref={body}
                  scale={scale}
                  model={calls}
                  layout={layout}
                  rowTimes={rowTimes}
                  selected={selected}
                  onSelect={select}
                  palette={palette}
                  t={t}
                  lang={i18n.language}
                />
                {wire.layer}
              </div>
            </div>
          ) : (
            <p className="sequence-empty">{t('empty')}</p>
          )}
        </div>
        {live && !following && model.lifelines.length > 0 && (
          <button
            type="button"
            className="newest-pill"
            data-testid="sequence-newest"
            onClick={() => {
              follow(true);
              if (scroller.current) scroller.current.scrollTop = 1e9;
            }}
          >
            {t('newest')}
          </button>
        )}
        {arrow && <ArrowDetails arrow={arrow} events={events} onClose={() => setSelected(null)} />}
      </div>
      {!wire.fromWire && (
        <p className="sequence-note" data-testid="sequence-note">
          {t('kernelNote')}
        </p>
      )}
    </section>
  );
}

/** The socket the cursor's event is about, if it has one. */
function cursorSocket(model: SequenceModel, events: readonly Event[]): string | null {
  const seq = model.rowSeqs.at(-1);
  if (seq === undefined) return null;
  const e = events[indexAtOrBefore(events, seq)];
  return e && 'socket' in e && e.socket !== undefined ? e.socket : null;
}
