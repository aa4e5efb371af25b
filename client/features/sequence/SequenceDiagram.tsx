import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { socketEnds } from '../../../shared/pairing';
import { createWorldCursor } from '../../../shared/world';
import { store, useAllo } from '../../store';
import { selectCursorSeq } from '../../store/timelineSlice';
import { buildSequence } from './model/build';
import { GEOMETRY } from './palette';
import { indexAtOrBefore } from '../timeline/navigation';
import type { Event } from '../../../shared/protocol';
import type { SequenceModel } from './model/types';
import { DiagramSvg } from './DiagramSvg';
import { ArrowDetails } from './ArrowDetails';
import { useRootFontSize } from '../log/useRootFontSize';
import { useWireView } from '../wire/useWireView';
import './sequence.css';

// SVG/PNG export is loaded on first use.
const loadExport = () => import('./exportDiagram');

/**
 * The sequence diagram of the session at the timeline cursor: one lifeline per
 * socket, arrows for the handshake, data (paired by stream offset), FIN, RST and
 * UDP postcards. Click an arrow (or focus it and press Enter) for its bytes.
 */
export function SequenceDiagram() {
  const { t } = useTranslation('sequence');
  const version = useAllo((s) => s.version);
  const head = useAllo((s) => s.head);
  const cursor = useAllo(selectCursorSeq);
  const events = store.getState().events;
  const worlds = useRef(createWorldCursor()).current;
  const svg = useRef<SVGSVGElement>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  // The diagram is drawn for 15 px type and scaled with the page's (bigger screens, large text).
  const scale = Math.max(1, useRootFontSize() / 15);

  const sockets = useMemo(() => socketEnds(events), [events, version, head]);
  const model = useMemo(
    () => buildSequence({ events, cursor, world: worlds.at(events, cursor), sockets }),
    [events, cursor, sockets, worlds],
  );
  const rowTimes = useMemo(() => {
    const bySeq = new Map<number, number>();
    const first = model.rowSeqs[0] ?? 0;
    const start = indexAtOrBefore(events, first - 1) + 1;
    for (let i = start; i < events.length && events[i]!.seq <= cursor; i++) bySeq.set(events[i]!.seq, events[i]!.t);
    return model.rowSeqs.map((s) => bySeq.get(s) ?? 0);
  }, [model, events, cursor]);
  const wire = useWireView({ events, cursor, model, rowTimes, world: worlds.at(events, cursor), scale });
  const arrow = model.arrows.find((a) => a.key === selected) ?? null;
  const scroller = useRef<HTMLDivElement>(null);
  // The cursor is the last row drawn: keep it in view as the timeline moves, and the
  // lifeline of the socket it concerns too (a wide diagram scrolls sideways).
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    const x = lifelineX(model, events, scale);
    if (x !== null && (x < el.scrollLeft + 80 || x > el.scrollLeft + el.clientWidth - 80))
      el.scrollLeft = x - el.clientWidth / 2;
  }, [model, events, scale]);

  const exportAs = async (format: 'svg' | 'png') => {
    if (!svg.current) return;
    try {
      const { exportDiagram } = await loadExport();
      setMessage(t('exported', { name: await exportDiagram(svg.current, format) }));
    } catch (err) {
      setMessage(t('exportFailed', { reason: err instanceof Error ? err.message : String(err) }));
    }
  };

  return (
    <section className="panel sequence" aria-label={t('title')} data-testid="sequence" data-cursor={cursor}>
      <header className="sequence-head">
        <h2>{t('title')}</h2>
        {!wire.fromWire && <p className="sequence-note">{t('kernelNote')}</p>}
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
        <div className="sequence-scroll" ref={scroller}>
          {model.lifelines.length ? (
            <div className="wire-stack">
              <DiagramSvg
                ref={svg}
                scale={scale}
                model={wire.calls}
                rowTimes={rowTimes}
                selected={selected}
                onSelect={setSelected}
                t={t}
              />
              {wire.layer}
            </div>
          ) : (
            <p className="sequence-empty">{t('empty')}</p>
          )}
        </div>
        {arrow && <ArrowDetails arrow={arrow} events={events} onClose={() => setSelected(null)} />}
      </div>
    </section>
  );
}

/** On-screen x of the lifeline of the socket the cursor's event is about, if drawn. */
function lifelineX(model: SequenceModel, events: readonly Event[], scale: number): number | null {
  const seq = model.rowSeqs.at(-1);
  if (seq === undefined) return null;
  const e = events[indexAtOrBefore(events, seq)];
  const socket = e && 'socket' in e ? e.socket : undefined;
  const i = model.lifelines.findIndex((l) => l.id === socket);
  return i < 0 ? null : (GEOMETRY.left + i * GEOMETRY.col) * scale;
}
