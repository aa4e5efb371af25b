import { memo } from 'react';
import { useTranslation } from '../../i18n/react';
import type { MessageFate } from '../../../shared/compare/scoreboard';
import type { Lane } from '../../../shared/compare/wire';

export type MessageState = 'waiting' | 'flying' | 'delivered' | 'late' | 'lost';

export function messageState(m: MessageFate): MessageState {
  if (m.deliveredT !== undefined) return m.late ? 'late' : 'delivered';
  if (m.lost) return 'lost';
  return m.sentT === undefined ? 'waiting' : 'flying';
}

/**
 * One cell per message, in sending order: what became of each, readable at a
 * glance from the back of the room (colour doubled by a mark: ✓, ✗, ↯, ×2).
 */
export const MessageStrip = memo(function MessageStrip({
  lane,
  messages,
}: {
  lane: Lane;
  messages: readonly MessageFate[];
}) {
  const { t } = useTranslation('compare');
  return (
    <ol className="cmp-strip" aria-label={t('strip', { lane: lane.toUpperCase() })} data-count={messages.length}>
      {messages.map((m, n) => {
        const state = messageState(m);
        const ms = m.deliveredT !== undefined && m.sentT !== undefined ? Math.round(m.deliveredT - m.sentT) : null;
        return (
          <li
            key={n}
            className="cmp-cell"
            data-state={state}
            data-copies={m.copies || undefined}
            title={`#${n} — ${t(`state.${state}`)}${ms !== null ? ` (${ms} ms)` : ''}${m.copies ? ` ×${m.copies + 1}` : ''}`}
          />
        );
      })}
    </ol>
  );
});
