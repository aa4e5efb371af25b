import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from '../../i18n/react';
import { store, useAllo, type AlloState, type AlloStore } from '../../store';

/**
 * Where the toolbox stands against the timeline: `live` (acts on what is shown), `past` (paused or
 * replaying: an action first returns to live), `recording` (a file's sockets: nothing can act on them),
 * `offline` (no server at all).
 */
export type GateState = 'live' | 'past' | 'recording' | 'offline';

export function gateState(s: Pick<AlloState, 'source' | 'status' | 'cursor' | 'playing'>): GateState {
  if (s.source === 'recording') return 'recording';
  if (s.status === 'offline') return 'offline';
  return s.cursor !== null || s.playing ? 'past' : 'live';
}

/**
 * Before a toolbox command: a timeline showing the past goes back to live first (and the toolbox says so),
 * so the socket the command makes or changes is on screen. False when nothing live can be acted on.
 */
export function enterLive(target: AlloStore = store): boolean {
  const s = target.getState();
  const state = gateState(s);
  if (state === 'recording' || state === 'offline') return false;
  if (state === 'past') target.setState({ cursor: null, playing: false, backToLiveAt: Date.now() });
  return true;
}

/** The gate for React: its state, and `enterLive` to call before a command. */
export function useLiveGate(): { state: GateState; enterLive(): boolean } {
  const state = useAllo(gateState);
  return { state, enterLive: () => enterLive(store) };
}

/**
 * Wraps the toolbox: says what an action will do while the timeline shows the past, that it went back
 * to live when it did, and, on a recording, why there is nothing to act on (with the way back).
 */
export function ToolboxGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation('timeline');
  const { state } = useLiveGate();
  const wentLiveAt = useAllo((s) => s.backToLiveAt);
  const canGoBack = useAllo((s) => s.parked !== null);
  const [wentLive, setWentLive] = useState(false);
  useEffect(() => {
    if (!wentLiveAt) return;
    setWentLive(true);
    const timer = setTimeout(() => setWentLive(false), 8000);
    return () => clearTimeout(timer);
  }, [wentLiveAt]);

  if (state === 'recording') {
    return (
      <div className="tool-gate is-recording" role="status" data-testid="toolbox-gate" data-gate={state}>
        <p>{t('gate.recording')}</p>
        {canGoBack && (
          <button className="btn-primary" onClick={() => store.getState().backToLive()}>
            {t('backToSession')}
          </button>
        )}
      </div>
    );
  }
  return (
    <>
      <div role="status" className="tool-gate-status" data-testid="toolbox-gate" data-gate={state}>
        {state === 'past' && <p className="tool-gate">{t('gate.past')}</p>}
        {state === 'offline' && <p className="tool-gate">{t('gate.offline')}</p>}
        {state === 'live' && wentLive && <p className="tool-gate is-went-live">{t('gate.wentLive')}</p>}
      </div>
      {children}
    </>
  );
}
