import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import { createWorldCursor, formatEndpoint, type World } from '../../../shared/world';
import { store } from '../../store';
import { formatSeconds } from '../log';
import { hexLines } from '../../lib/bytesView';
import { useRedrawCursor } from '../../lib/useWorld';
import { canFollow, closeStream, openStream, useFollowStream } from './followStream';
import { STREAM_SHOWN_BYTES, STREAM_SHOWN_PARTS, buildStream, peerOf, type StreamPart } from './streamModel';
import { decodeParts } from './streamText';
import './stream.css';

const worlds = createWorldCursor();

/** The calls that can be followed, one entry per connection (the dialler's side when both ends are ours). */
function followable(world: World): string[] {
  const callees = new Set(world.connections.map((c) => c.callee));
  return world.order.filter((id) => canFollow(world, id) && !callees.has(id));
}

const nameOf = (world: World, id: string | null) => {
  const s = id ? world.sockets[id] : undefined;
  return s ? (s.label ? `${s.label} (${s.id})` : s.id) : null;
};

/**
 * Follow the stream (like Wireshark's Follow TCP Stream): both directions of a
 * call's bytes, in the order they happened, as text or hex, each part with the
 * send()/recv() calls and the captured segments that carried it. Shows the
 * world at the timeline cursor: live, paused, or in an imported recording.
 * A non-modal panel, so the timeline keeps its keys while it is open.
 */
export function FollowStream() {
  const { t, i18n } = useTranslation('stream');
  const chosen = useFollowStream((s) => s.socket);
  const { seq: cursor, version } = useRedrawCursor();
  const [hex, setHex] = useState(false);
  const [bound, setBound] = useState(1);
  const events = store.getState().events;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` changes when the event list is replaced (an import)
  const world = useMemo(() => worlds.at(events, cursor), [events, cursor, version]);
  const calls = useMemo(() => followable(world), [world]);
  const socket = chosen && canFollow(world, chosen) ? chosen : null;
  const model = useMemo(
    () =>
      socket
        ? buildStream({
            events,
            cursor,
            world,
            socket,
            maxBytes: STREAM_SHOWN_BYTES * bound,
            maxParts: STREAM_SHOWN_PARTS * bound,
          })
        : null,
    [events, cursor, world, socket, bound],
  );
  const texts = useMemo(() => (model && !hex ? decodeParts(model.parts) : null), [model, hex]);
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), []);
  // Escape closes it wherever focus is (a non-modal panel: focus may be on the stage or the timeline),
  // unless a modal dialog (the ? overlay) is open: Escape is that dialog's.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented && !document.querySelector('dialog:modal')) closeStream();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const me = socket ? world.sockets[socket] : undefined;
  const here = nameOf(world, socket) ?? '';
  const there = model?.peer ? nameOf(world, model.peer) : me?.remote ? formatEndpoint(me.remote) : '';
  const who = (p: StreamPart) => (p.dir === 'out' ? [here, there] : [there, here]);
  const n = (count: number) => ({ count, n: count.toLocaleString(i18n.language) });
  const jump = (seq: number) => store.setState({ cursor: seq, playing: false });

  return (
    <dialog
      open
      className="follow-stream"
      aria-labelledby="follow-stream-title"
      data-testid="follow-stream"
      data-socket={socket ?? ''}
      data-mode={hex ? 'hex' : 'text'}
    >
      <header className="stream-head">
        <h2 id="follow-stream-title" tabIndex={-1} ref={title}>
          {t('title')}
        </h2>
        <label>
          <span>{t('call')}</span>{' '}
          <select value={socket ?? ''} onChange={(e) => openStream(e.target.value || null)} data-testid="stream-call">
            <option value="">{t('choose')}</option>
            {[...new Set([...(socket ? [socket] : []), ...calls])].map((id) => (
              <option key={id} value={id}>
                {nameOf(world, id)} ⇄ {nameOf(world, peerOf(world, id)) ?? remoteOf(world, id)}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="segmented stream-view">
          <legend className="sr-only">{t('view')}</legend>
          <button type="button" aria-pressed={!hex} onClick={() => setHex(false)}>
            {t('text')}
          </button>
          <button type="button" aria-pressed={hex} onClick={() => setHex(true)}>
            {t('hex')}
          </button>
        </fieldset>
        <button type="button" className="stream-close" onClick={closeStream}>
          {t('close')}
        </button>
      </header>
      {!model ? (
        <p className="stream-empty">{calls.length ? t('pick') : t('none')}</p>
      ) : (
        <>
          <p className="stream-summary" data-testid="stream-summary">
            <span className="stream-dir-out">{t('total', { from: here, to: there, ...n(model.totals.out) })}</span>
            <span className="stream-dir-in">{t('total', { from: there, to: here, ...n(model.totals.in) })}</span>
            {model.notKept > 0 && <span data-testid="stream-not-kept">{t('notKept', n(model.notKept))}</span>}
          </p>
          {model.parts.length === 0 && <p className="stream-empty">{t('nothing')}</p>}
          <ol className="stream-parts">
            {model.parts.map((p) => {
              const [from, to] = who(p);
              return (
                <li
                  key={p.key}
                  className={`stream-part dir-${p.dir}`}
                  data-testid="stream-part"
                  data-dir={p.dir}
                  data-start={p.start}
                  data-end={p.end}
                >
                  <div className="stream-part-head">
                    <strong>{t('part', { from, to, ...n(p.end - p.start) })}</strong>{' '}
                    <span className="muted">
                      {t('range', { start: p.start, end: p.end - 1 })} · {formatSeconds(p.t, i18n.language)} s
                    </span>
                    <span className="stream-calls">
                      {p.calls.map((c) => (
                        <button key={c.seq} type="button" className="stream-call" onClick={() => jump(c.seq)}>
                          {t(c.kind === 'sent' ? 'send' : 'recv', {
                            seq: c.seq,
                            socket: nameOf(world, c.socket) ?? c.socket,
                            ...n(c.end - c.start),
                          })}
                        </button>
                      ))}
                    </span>
                    <span className="stream-segments" data-testid="stream-segments">
                      {p.segments.length
                        ? t('segments', {
                            count: p.segments.length,
                            list: p.segments
                              .slice(0, 6)
                              .map(
                                (s) =>
                                  `#${s.frame} seq ${s.tcpSeq}:${s.tcpSeq + s.len}${s.retransmission ? ` ↻ ${t('retransmission')}` : ''}`,
                              )
                              .join(', '),
                            more: p.segments.length > 6 ? ` +${p.segments.length - 6}` : '',
                          })
                        : t('noSegments')}
                    </span>
                  </div>
                  <pre className={`stream-bytes${hex ? ' is-hex' : ''}`} data-testid="stream-bytes">
                    {hex
                      ? p.pieces.map((piece) =>
                          'missing' in piece ? (
                            <span key={piece.at} className="stream-gap">
                              {`${t('gap', n(piece.missing))}\n`}
                            </span>
                          ) : (
                            `${hexLines(piece.bytes, piece.at)}\n`
                          ),
                        )
                      : texts?.get(p.key)?.map((piece, i) =>
                          'missing' in piece ? (
                            // biome-ignore lint/suspicious/noArrayIndexKey: pieces of one part never move
                            <span key={i} className="stream-gap">
                              {t('gap', n(piece.missing))}
                            </span>
                          ) : 'control' in piece ? (
                            // biome-ignore lint/suspicious/noArrayIndexKey: pieces of one part never move
                            <span key={i} className="stream-ctl">
                              {piece.control}
                            </span>
                          ) : (
                            piece.text
                          ),
                        )}
                  </pre>
                  {p.cut > 0 && <p className="stream-cut">{t('notShown', n(p.cut))}</p>}
                </li>
              );
            })}
          </ol>
          {model.notShown > 0 && (
            <p className="stream-more" data-testid="stream-not-shown" data-bytes={model.notShown}>
              {t('notShown', n(model.notShown))}{' '}
              <button type="button" onClick={() => setBound((b) => b * 4)}>
                {t('showMore')}
              </button>
            </p>
          )}
        </>
      )}
    </dialog>
  );
}

const remoteOf = (world: World, id: string) => {
  const r = world.sockets[id]?.remote;
  return r ? formatEndpoint(r) : '';
};
