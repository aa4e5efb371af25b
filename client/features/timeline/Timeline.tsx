import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from '../../i18n/react';
import { store, useAllo } from '../../store';
import { selectCursorSeq, SPEEDS } from '../../store/timelineSlice';
import { installShortcuts } from '../../keyboard/shortcuts';
import { registerTimelineShortcuts } from '../../keyboard/timelineShortcuts';
import { startReplayDriver } from './replayDriver';
import { startSeq, indexAtOrBefore } from '../../store/navigation';
import { RecordingControls } from './RecordingControls';
import { TransportIcon } from '../../components/TransportIcon';
import { formatSeconds, formatSpeed } from '../../lib/seconds';
import './timeline.css';

// Only when `?` asks for it.
const HelpOverlay = lazy(() => import('../../keyboard/HelpOverlay').then((m) => ({ default: m.HelpOverlay })));

/**
 * The timeline bar: live or paused, step, jump, scrub, replay at 0.25×–4×.
 * Every view shows the world at its cursor. It also owns the page's keyboard
 * shortcuts and the replay driver, since it is always on screen.
 */
export function Timeline() {
  const { t, i18n } = useTranslation('timeline');
  const cursor = useAllo(selectCursorSeq);
  const head = useAllo((s) => s.head);
  const live = useAllo((s) => s.cursor === null);
  const playing = useAllo((s) => s.playing);
  const speed = useAllo((s) => s.speed);
  const helpOpen = useAllo((s) => s.helpOpen);
  const status = useAllo((s) => s.status);
  const source = useAllo((s) => s.source);
  const canGoBack = useAllo((s) => s.parked !== null);
  useAllo((s) => s.version);
  const events = store.getState().events;
  const first = startSeq(events);
  const at = events[indexAtOrBefore(events, cursor)];
  const a = store.getState();

  useEffect(() => startReplayDriver(store), []);
  useEffect(() => {
    const offKeys = installShortcuts(window);
    const offTimeline = registerTimelineShortcuts(store);
    return () => {
      offKeys();
      offTimeline();
    };
  }, []);

  const running = playing || live;
  return (
    <section
      className="timeline"
      aria-label={t('label')}
      data-testid="timeline"
      data-cursor={cursor}
      data-head={head}
      data-live={live}
      data-playing={playing}
    >
      <div className="timeline-transport" role="toolbar" aria-label={t('transport')}>
        <button onClick={a.jumpToStart} aria-label={t('start')} title={t('start')}>
          <TransportIcon name="start" />
        </button>
        <button onClick={() => a.step(-1)} aria-label={t('back')} title={t('back')} disabled={cursor <= first}>
          <TransportIcon name="back" />
        </button>
        <button
          className="timeline-play"
          onClick={a.togglePlay}
          aria-label={running ? t('pause') : t('play')}
          title={running ? t('pause') : t('play')}
          disabled={!events.length && !live}
        >
          <TransportIcon name={running ? 'pause' : 'play'} />
        </button>
        <button onClick={() => a.step(1)} aria-label={t('forward')} title={t('forward')} disabled={cursor >= head}>
          <TransportIcon name="forward" />
        </button>
        <button onClick={a.jumpToEnd} aria-label={t('end')} title={t('end')}>
          <TransportIcon name="end" />
        </button>
      </div>
      {/* Offline (a recording) there is nothing live to follow: End shows the last event. */}
      {source === 'recording' || status === 'offline' ? (
        <>
          <span className="timeline-live is-offline" data-testid="recording-mode">
            {t('recordingMode')}
          </span>
          {canGoBack && (
            <button className="timeline-back-live" onClick={() => a.backToLive()}>
              {t('backToSession')}
            </button>
          )}
        </>
      ) : (
        <button
          className={`timeline-live ${live ? 'is-live' : ''}`}
          aria-pressed={live}
          onClick={() => a.setCursor(null)}
          title={t('liveHint')}
        >
          {live ? t('live') : t('goLive')}
        </button>
      )}
      <input
        className="timeline-scrub"
        type="range"
        min={first}
        max={Math.max(first, head)}
        step={1}
        value={cursor}
        aria-label={t('scrub')}
        aria-valuetext={t('position', { seq: cursor, head })}
        onChange={(e) => store.setState({ playing: false, cursor: Number(e.target.value) })}
      />
      <output className="timeline-position" aria-live="off">
        <span>{t('position', { seq: cursor, head })}</span>
        <span className="timeline-time">
          {at ? t('time', { seconds: formatSeconds(at.t, i18n.language) }) : t('beforeFirst')}
        </span>
      </output>
      <label className="timeline-speed">
        {t('speed')}
        <select value={speed} onChange={(e) => a.setSpeed(Number(e.target.value))}>
          {SPEEDS.map((v) => (
            <option key={v} value={v}>
              {formatSpeed(v, i18n.language)}
            </option>
          ))}
        </select>
      </label>
      <RecordingControls />
      <button
        className="timeline-help"
        onClick={() => a.setHelpOpen(true)}
        aria-label={t('help.open')}
        title={t('help.open')}
      >
        ?
      </button>
      {helpOpen && (
        <Suspense fallback={<p className="muted">{t('common:loading')}</p>}>
          <HelpOverlay />
        </Suspense>
      )}
    </section>
  );
}
