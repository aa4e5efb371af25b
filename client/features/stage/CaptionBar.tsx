import { useTranslation } from 'react-i18next';
import type { World } from '../../../shared/world';
import { captionFor } from './captions';
import { eventAtCursor } from './useWorld';

/**
 * The caption under the stage: what the event at the cursor means on the
 * phone, and the API call that made it happen.
 */
export function CaptionBar({ world }: { world: World }) {
  const { t } = useTranslation('stage');
  const event = eventAtCursor(world);
  if (!event) {
    return (
      <div className="caption-bar tone-info" data-testid="caption">
        <span className="caption-text">{t('caption.empty')}</span>
        <code className="caption-api">socket()</code>
      </div>
    );
  }
  const c = captionFor(event, world);
  return (
    <div className={`caption-bar tone-${c.tone}`} data-testid="caption" data-seq={event.seq} data-kind={event.kind} key={event.seq}>
      <span className="caption-seq" aria-label={t('caption.seqLabel', { seq: event.seq })}>
        #{event.seq}
      </span>
      <span className="caption-text">{t(c.key, c.values)}</span>
      <code className="caption-api">{c.api}</code>
    </div>
  );
}
