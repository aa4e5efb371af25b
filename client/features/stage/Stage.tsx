import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import { lingersInKernel, type World } from '../../../shared/world';
import { useAllo } from '../../store';
import { Announcer } from './Announcer';
import { CaptionBar } from './CaptionBar';
import { focusActionsSoon, lastInputWasKeyboard } from '../../keyboard/focus';
import { FlightLayer } from './FlightLayer';
import { layoutStage } from './layout';
import { LineLabels, Lines } from './Lines';
import { LineWire } from './LineWire';
import { PhoneBook } from './PhoneBook';
import { SocketCard, type LastWords } from './SocketCard';
import { useMotion, useWorld } from '../../lib/useWorld';
// The stage's CSS in cascade order, after its components' own (lineWire, phoneBook, tcpState).
import './stage.css';
import './lines.css';
import './socketCard.css';
import './phoneIcon.css';
import './socketCardText.css';
import './socketCardPhases.css';
import './flightLayer.css';
import './captionBar.css';
import './stageStates.css';

/** The last chunk or postcard each socket said and heard, from the world's recent ones. */
function lastWords(world: World): Record<string, LastWords> {
  const out: Record<string, LastWords> = {};
  for (const c of world.chunks) (out[c.socket] ??= {})[c.direction === 'sent' ? 'said' : 'heard'] = c;
  for (const d of world.datagrams) {
    if (d.fromSocket && d.sentSeq !== null) (out[d.fromSocket] ??= {}).said = d;
    if (d.toSocket && d.receivedSeq !== null) (out[d.toSocket] ??= {}).heard = d;
  }
  return out;
}

/**
 * The phone-call stage: every socket of the session as a telephone (a
 * switchboard for a listener, a mailbox for UDP), the lines between calls, and
 * the words and postcards that travel — all at the timeline cursor.
 */
export function Stage() {
  const { t } = useTranslation('stage');
  const world = useWorld();
  const { running } = useMotion();
  const selected = useAllo((s) => s.selectedSocket);
  const selectSocket = useAllo((s) => s.selectSocket);
  const [hex, setHex] = useState(false);
  const [hideClosed, setHideClosed] = useState(false);
  const layout = useMemo(() => layoutStage(world, hideClosed), [world, hideClosed]);
  const words = useMemo(() => lastWords(world), [world.chunks, world.datagrams]);
  const compact = layout.rows > 3;
  const onSelect = useCallback(
    (id: string) => {
      selectSocket(id);
      // Enter on a card opens its actions: focus follows to the toolbox (a click leaves focus where it is).
      if (lastInputWasKeyboard()) focusActionsSoon();
    },
    [selectSocket],
  );

  return (
    <section className="stage panel" aria-labelledby="stage-title" data-running={running} data-rows={layout.rows}>
      <div className="stage-toolbar">
        <h2 id="stage-title" className="panel-title">
          {t('title')}
        </h2>
        <span className="stage-legend muted">{t('legend')}</span>
        <label className="toggle">
          <input type="checkbox" checked={hex} onChange={(e) => setHex(e.target.checked)} /> {t('toolbar.hex')}
        </label>
        <label className="toggle">
          <input type="checkbox" checked={hideClosed} onChange={(e) => setHideClosed(e.target.checked)} />{' '}
          {t('toolbar.hideClosed')}
        </label>
      </div>
      <div className="stage-canvas" data-compact={compact} style={{ '--rows': layout.rows } as React.CSSProperties}>
        <Lines world={world} layout={layout} />
        <LineLabels world={world} layout={layout} />
        <LineWire world={world} layout={layout} />
        {layout.shown.map((id) => {
          const s = world.sockets[id];
          const place = layout.places[id];
          return s && place ? (
            <SocketCard
              key={id}
              socket={s}
              x={place.x}
              y={place.y}
              column={place.column}
              said={words[id]?.said}
              heard={words[id]?.heard}
              selected={selected === id}
              hex={hex}
              compact={compact}
              roomy={layout.rows === 1}
              // Only a ghost in the kernel's hands needs the clock: the other cards stay memoised.
              now={lingersInKernel(s) ? world.t : 0}
              onSelect={onSelect}
            />
          ) : null;
        })}
        {layout.shown.length === 0 && (
          <div className="stage-empty">
            <p className="stage-empty-title">{t('empty.title')}</p>
            <p className="muted">{t('empty.hint')}</p>
          </div>
        )}
        <FlightLayer world={world} layout={layout} hex={hex} />
      </div>
      <PhoneBook world={world} />
      <CaptionBar world={world} />
      <Announcer />
    </section>
  );
}
