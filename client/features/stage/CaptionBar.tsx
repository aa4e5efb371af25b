import { useEffect, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import type { World } from '../../../shared/world';
import { captionFor, captionIdentity } from './captions';
import { eventAtCursor } from '../../lib/useWorld';
import { useAlloStore } from '../../store';

/** A caption stays at least this long during a burst, so it can be read; a single step shows at once. */
const HOLD_MS = 400;

/** `world`, but changing at most once per HOLD_MS: the first change at once, the latest after the pause. */
function useHeldWorld(world: World): World {
  const [held, setHeld] = useState(world);
  const last = useRef(0);
  useEffect(() => {
    const wait = HOLD_MS - (performance.now() - last.current);
    if (wait <= 0) {
      last.current = performance.now();
      setHeld(world);
      return;
    }
    const timer = setTimeout(() => {
      last.current = performance.now();
      setHeld(world);
    }, wait);
    return () => clearTimeout(timer);
  }, [world]);
  return held;
}

/**
 * The caption under the stage: what the event at the cursor means on the
 * phone, and the API call that made it happen.
 */
export function CaptionBar({ world: live }: { world: World }) {
  const { t } = useTranslation('stage');
  const world = useHeldWorld(live);
  const event = eventAtCursor(world, useAlloStore());
  if (!event) {
    return (
      <div className="caption-bar tone-info" data-testid="caption">
        <span className="caption-text">{t('caption.empty')}</span>
        <code className="caption-api">socket()</code>
      </div>
    );
  }
  const c = captionFor(event, world);
  // Told against the world at the cursor: the socket names and phases are those of now.
  return (
    <div
      className={`caption-bar tone-${c.tone}`}
      data-testid="caption"
      data-seq={event.seq}
      data-kind={event.kind}
      key={captionIdentity(event)}
    >
      <span className="caption-seq" aria-label={t('caption.seqLabel', { seq: event.seq })}>
        #{event.seq}
      </span>
      <span className="caption-text">{t(c.key, c.values)}</span>
      <code className="caption-api">{c.api}</code>
    </div>
  );
}
