import { useTranslation } from '../../i18n/react';
import type { World } from '../../../shared/world';
import type { Conversation } from './model/conversations';

const name = (world: World, id: string) => {
  const label = world.sockets[id]?.label;
  return label ? `${id} · ${label}` : id;
};

/** Narrows the diagram to one call, or to one socket and its calls. */
export function ConversationFilter({
  value,
  onChange,
  conversations,
  world,
}: {
  value: string;
  onChange(value: string): void;
  conversations: Conversation[];
  world: World;
}) {
  const { t } = useTranslation('sequence');
  const calls = conversations.filter((c) => c.kind === 'call');
  const sockets = conversations.filter((c) => c.kind === 'socket');
  return (
    <label className="sequence-filter">
      <span>{t('filter.label')}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid="sequence-filter">
        <option value="">{t('filter.all')}</option>
        {calls.length > 0 && (
          <optgroup label={t('filter.calls')}>
            {calls.map((c) => (
              <option key={c.value} value={c.value}>
                {t('filter.call', { a: name(world, c.ends[0]!), b: name(world, c.ends[1]!) })}
              </option>
            ))}
          </optgroup>
        )}
        {sockets.length > 0 && (
          <optgroup label={t('filter.sockets')}>
            {sockets.map((c) => (
              <option key={c.value} value={c.value}>
                {t('filter.socket', { socket: name(world, c.ends[0]!) })}
              </option>
            ))}
          </optgroup>
        )}
      </select>
    </label>
  );
}
