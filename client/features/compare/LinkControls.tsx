import { useState } from 'react';
import { useTranslation } from '../../i18n/react';
import { DEFAULT_LINK, DEFAULT_SCRIPT, PRESET_NAMES, PRESETS } from '../../../shared/compare/link';
import type { CompareScore } from '../../../shared/compare/scoreboard';
import { store, useAllo } from '../../store';
import { errorText } from '../../i18n/errors';
import { FIELDS, applyPreset, formFrom, matchingPreset, toCommand, type CompareForm, type FieldSpec } from './form';
import { useActiveRun } from './useCompare';
import { summary } from './summary';

/**
 * The link controls: presets (each one's values shown in the fields and
 * editable), the script, and Run / Stop. Validated as you type with the
 * server's own schemas; the server checks again.
 */
export function LinkControls({ score }: { score: CompareScore | null }) {
  const { t, i18n } = useTranslation('compare');
  const [form, setForm] = useState<CompareForm>(() => formFrom(DEFAULT_SCRIPT, DEFAULT_LINK));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The settings fold away when a run starts, so the lanes fit a projector's screen; their summary stays.
  // Unless the person opened or closed them, they are open only when a run can be started.
  const [open, setOpen] = useState<boolean | null>(null);
  const status = useAllo((s) => s.status);
  const active = useActiveRun();
  const parsed = toCommand(form);
  const errors = parsed.ok ? {} : parsed.errors;
  const preset = matchingPreset(form);
  const online = status === 'open';
  // Over the kernel's link, loss hits TCP segments too (and TCP resends them); the relay's other effects stay UDP-only.
  const kernelLink = useAllo((s) => s.welcome?.server.capabilities.compareKernelLink === true);

  const run = async () => {
    if (!parsed.ok) return;
    setBusy(true);
    setError(null);
    // The run's sockets are named in the page's language, as the lanes call them.
    const labels = {
      tcpReceiver: `TCP ${t('lane.tcp.to')}`,
      tcpSender: `TCP ${t('lane.tcp.from')}`,
      udpReceiver: `UDP ${t('lane.udp.to')}`,
      udpSender: `UDP ${t('lane.udp.from')}`,
    };
    const reply = await store.getState().send({ ...parsed.command, labels });
    setBusy(false);
    if (!reply.ok) setError(t('error', { code: reply.error.code, message: errorText(reply.error, i18n) }));
    else setOpen(false);
  };
  const stop = async () => {
    if (!active) return;
    const reply = await store.getState().send({ op: 'compare-stop', run: active });
    if (!reply.ok) setError(t('error', { code: reply.error.code, message: errorText(reply.error, i18n) }));
  };
  const field = (f: FieldSpec) => (
    <label key={f.name} className="cmp-field" data-invalid={errors[f.name] ? 'true' : undefined}>
      <span className="cmp-field-name">
        {t(`field.${f.name}`)}
        {f.lanes === 'udp' && !(kernelLink && f.name === 'lossPct') && (
          <span className="cmp-tag" title={t('udpOnlyHint')}>
            {t('udpOnly')}
          </span>
        )}
      </span>
      <span className="cmp-field-input">
        <input
          type="number"
          inputMode="decimal"
          name={f.name}
          min={f.min}
          max={f.max}
          step={f.step}
          value={form[f.name]}
          aria-invalid={errors[f.name] ? true : undefined}
          aria-describedby={errors[f.name] ? `cmp-err-${f.name}` : undefined}
          onChange={(e) => setForm({ ...form, [f.name]: e.target.value })}
        />
        {f.unit !== 'none' && <span className="cmp-unit">{t(`unit.${f.unit}`)}</span>}
      </span>
      {errors[f.name] && (
        <span id={`cmp-err-${f.name}`} className="cmp-field-error">
          {t('range', { min: f.min, max: f.max })}
        </span>
      )}
    </label>
  );

  return (
    <form className="cmp-controls" aria-label={t('controls')} onSubmit={(e) => (e.preventDefault(), void run())}>
      <div className="cmp-toolbar">
        <div className="cmp-presets segmented" role="group" aria-label={t('presets')}>
          {PRESET_NAMES.map((name) => (
            <button
              key={name}
              type="button"
              aria-pressed={preset === name}
              data-preset={name}
              onClick={() => setForm(applyPreset(form, name))}
            >
              {t(`preset.${name}`)}
              <span className="cmp-preset-values" data-testid="preset-values">
                {t('presetValues', {
                  ...PRESETS[name],
                  bandwidth: PRESETS[name].bandwidthKbps > 0 ? `${PRESETS[name].bandwidthKbps} kbit/s` : '∞',
                })}
              </span>
            </button>
          ))}
        </div>
        <div className="cmp-actions">
          <button
            type="submit"
            className="btn-primary"
            disabled={!online || !parsed.ok || busy || active !== null}
            data-testid="compare-run"
          >
            ▶ {t('run')}
          </button>
          <button
            type="button"
            disabled={!online || active === null}
            onClick={() => void stop()}
            data-testid="compare-stop"
          >
            ■ {t('stop')}
          </button>
        </div>
      </div>
      <details
        className="cmp-settings"
        open={open ?? (online && active === null)}
        onToggle={(e) =>
          e.currentTarget.open !== (open ?? (online && active === null)) && setOpen(e.currentTarget.open)
        }
      >
        <summary>
          <span className="cmp-summary-title">{t('settings')}</span> <span className="muted">{summary(form, t)}</span>
        </summary>
        <div className="cmp-fields">
          <span className="cmp-group-note muted">
            {preset ? t(`presetNote.${preset}`) : t('presetNote.custom')}
            {score && (
              <button
                type="button"
                className="cmp-link-button"
                onClick={() => setForm(formFrom(score.script, score.link))}
              >
                {t('reuse', { run: score.run })}
              </button>
            )}
          </span>
          <div className="cmp-group" role="group" aria-label={t('link')}>
            {FIELDS.filter((f) => f.group === 'link').map(field)}
          </div>
          <div className="cmp-group cmp-group-script" role="group" aria-label={t('script')}>
            {FIELDS.filter((f) => f.group === 'script').map(field)}
          </div>
        </div>
      </details>
      {!online && <p className="muted">{t('offline')}</p>}
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
