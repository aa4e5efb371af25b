import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import type { CommandInput } from '../../../shared/protocol';
import { formatEndpoint } from '../../../shared/world';
import { useAllo } from '../../store';
import { useLiveWorldShape } from '../../lib/useWorld';
import { explainKey, phaseKey } from '../stage';
import { actionsFor, type SocketAction } from './actions';
import { ActionForm } from './ActionForm';
import { CommandError } from './CommandError';
import { useCommand } from './useCommand';

/**
 * The selected socket and what it can do now. Only the actions its phase
 * allows are offered; each shows its C call before it runs. Acts on the
 * sockets as they are now, even when the timeline shows the past.
 */
export function SocketActions() {
  const { t } = useTranslation('toolbox');
  const world = useLiveWorldShape();
  const selected = useAllo((s) => s.selectedSocket);
  const selectSocket = useAllo((s) => s.selectSocket);
  const { run, busy, error, clearError } = useCommand();
  const id = useId();
  const open = world.order.filter((sid) => world.sockets[sid]?.open);
  const socket = selected ? world.sockets[selected] : undefined;
  const actions = socket ? actionsFor(socket) : [];
  const [chosen, setChosen] = useState<SocketAction | null>(null);
  const action = chosen && actions.includes(chosen) ? chosen : (actions[0] ?? null);

  const section = useRef<HTMLElement>(null);
  // A socket just picked (or created) brings its actions into view in a short side panel.
  useEffect(() => {
    setChosen(null);
    if (selected) section.current?.scrollIntoView?.({ block: 'nearest' });
  }, [selected]);

  const onRun = async (c: CommandInput) => {
    await run(c);
  };

  return (
    <section ref={section} className="tool-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('actions.title')}</h3>
      <label className="tool-field">
        <span>{t('actions.socket')}</span>
        <select
          value={socket ? socket.id : ''}
          onChange={(e) => selectSocket(e.target.value || null)}
          data-testid="socket-select"
        >
          <option value="">{t('actions.none')}</option>
          {world.order.map((sid) => {
            const s = world.sockets[sid]!;
            return (
              <option key={sid} value={sid} disabled={!s.open}>
                {sid}
                {s.label ? ` · ${s.label}` : ''} — {s.proto.toUpperCase()} {s.local ? formatEndpoint(s.local) : ''} (
                {t(phaseKey(s), { ns: 'stage' })})
              </option>
            );
          })}
        </select>
      </label>
      {socket && (
        <p className="tool-explain" data-testid="socket-explain">
          {t(explainKey(socket), { ns: 'stage' })}
        </p>
      )}
      {!socket && <p className="muted">{open.length ? t('actions.pick') : t('actions.createFirst')}</p>}
      {socket && actions.length === 0 && <p className="muted">{t('actions.nothing')}</p>}
      {socket && actions.length > 0 && action && (
        <>
          <div className="action-row" role="group" aria-label={t('actions.choose')}>
            {actions.map((a) => (
              <button
                key={a}
                aria-pressed={a === action}
                onClick={() => setChosen(a)}
                data-testid="action"
                data-action={a}
              >
                {t(`action.${a}.name`)}
              </button>
            ))}
          </div>
          <ActionForm
            key={`${socket.id}-${action}`}
            action={action}
            socket={socket}
            world={world}
            busy={busy}
            onRun={onRun}
          />
        </>
      )}
      {error && <CommandError error={error} onClose={clearError} />}
    </section>
  );
}
