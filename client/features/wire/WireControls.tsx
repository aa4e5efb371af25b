import { useEffect, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import type { EventOf } from '../../../shared/protocol';
import type { CaptureCapability } from '../../../shared/wire/events';
import type { WireMode } from './wireLayerModel';

const KEY = 'allo.wireMode';
const MODES: WireMode[] = ['calls', 'wire', 'both'];

/** The calls / wire / both choice of the sequence diagram, remembered by the browser. */
export function useWireMode(): [WireMode, (m: WireMode) => void] {
  const [mode, setMode] = useState<WireMode>(() => {
    try {
      const saved = localStorage.getItem(KEY);
      return MODES.includes(saved as WireMode) ? (saved as WireMode) : 'both';
    } catch {
      return 'both';
    }
  });
  useEffect(() => {
    try {
      localStorage.setItem(KEY, mode);
    } catch {
      // Private mode: the choice lasts as long as the page.
    }
  }, [mode]);
  return [mode, setMode];
}

interface Props {
  mode: WireMode;
  onMode(m: WireMode): void;
  capability: CaptureCapability | undefined;
  /** The session's latest `capture` event, if any. */
  status: EventOf<'capture'> | undefined;
}

/** The switch, and what the capture says about itself: unavailable and why, or packets not kept. */
export function WireControls({ mode, onMode, capability, status }: Props) {
  const { t } = useTranslation('wire');
  return (
    <div className="wire-controls">
      <fieldset className="wire-mode" data-testid="wire-mode" data-mode={mode}>
        <legend>{t('layer.label')}</legend>
        {MODES.map((m) => (
          <button key={m} type="button" aria-pressed={mode === m} onClick={() => onMode(m)} data-mode={m}>
            {t(`layer.${m}`)}
          </button>
        ))}
      </fieldset>
      {capability && !capability.available && mode !== 'calls' && (
        <p className="wire-note" data-testid="capture-unavailable" role="note">
          {t('layer.unavailable', { reason: capability.reason ?? '', enable: '' })}
          <code>{capability.enable}</code>
        </p>
      )}
      {status && status.notKept > 0 && (
        <p className="wire-note" data-testid="capture-not-kept" role="status">
          {t('layer.notKept', { count: status.notKept })}
        </p>
      )}
    </div>
  );
}
