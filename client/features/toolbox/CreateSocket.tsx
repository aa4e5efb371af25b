import { useId, useState } from 'react';
import { useTranslation } from '../../i18n/react';
import type { Family, Proto } from '../../../shared/protocol';
import { store, useAllo } from '../../store';
import { usePreview } from './usePreview';
import { CommandError } from './CommandError';
import { useCommand } from './useCommand';

/**
 * Pick up a handset: socket(domain, type, 0) with the real parameters. SOCK_RAW
 * is shown, disabled, with the reason.
 */
export function CreateSocket() {
  const { t } = useTranslation('toolbox');
  const preview = usePreview();
  const [family, setFamily] = useState<Family>(4);
  const [proto, setProto] = useState<Proto>('tcp');
  const [label, setLabel] = useState('');
  const { run, busy, error, clearError } = useCommand();
  const selectSocket = useAllo((s) => s.selectSocket);
  const canSend = useAllo((s) => s.status === 'open');
  const uiLang = useAllo((s) => s.lang);
  const id = useId();

  const create = async () => {
    const r = await run({ op: 'socket', proto, family, ...(label.trim() ? { label: label.trim() } : {}) });
    if (r) {
      selectSocket(r.socket);
      setLabel('');
    }
  };

  return (
    <section className="tool-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('create.title')}</h3>
      <fieldset className="tool-choice">
        <legend>{t('create.domain')}</legend>
        {([4, 6] as const).map((f) => (
          <label key={f}>
            <input type="radio" name={`${id}-family`} checked={family === f} onChange={() => setFamily(f)} />
            <code>{f === 6 ? 'AF_INET6' : 'AF_INET'}</code> <span className="muted">{t(`create.family${f}`)}</span>
          </label>
        ))}
      </fieldset>
      <fieldset className="tool-choice">
        <legend>{t('create.type')}</legend>
        {(['tcp', 'udp'] as const).map((p) => (
          <label key={p}>
            <input type="radio" name={`${id}-type`} checked={proto === p} onChange={() => setProto(p)} />
            <code>{p === 'tcp' ? 'SOCK_STREAM' : 'SOCK_DGRAM'}</code> <span className="muted">{t(`create.${p}`)}</span>
          </label>
        ))}
        <label className="is-disabled">
          <input type="radio" name={`${id}-type`} disabled aria-describedby={`${id}-raw`} />
          <code>SOCK_RAW</code> <span className="muted">{t('create.raw')}</span>
        </label>
        <p id={`${id}-raw`} className="tool-note">
          {t('create.rawWhy')}
        </p>
      </fieldset>
      <label className="tool-field">
        <span>{t('create.label')}</span>
        <input
          value={label}
          maxLength={40}
          onChange={(e) => setLabel(e.target.value)}
          placeholder={t('create.labelPlaceholder')}
        />
      </label>
      <code className="code-line" data-testid="c-call">
        {preview
          ? preview.previewSocket(store.getState().events, proto, family, label.trim(), uiLang).join('\n')
          : t('common:loading')}
      </code>
      <button className="btn-primary tool-run" onClick={create} disabled={busy || !canSend}>
        {t(proto === 'udp' ? 'create.runUdp' : 'create.run')} <code>socket()</code>
      </button>
      {error && <CommandError error={error} onClose={clearError} />}
    </section>
  );
}
