import { useEffect, useRef, useSyncExternalStore } from 'react';
import { useTranslation } from '../i18n/react';
import { store, useAllo } from '../store';
import { keyCapName, listShortcuts, subscribeShortcuts } from './shortcuts';
import './keyboard.css';

/** The `?` overlay: every registered shortcut, whichever feature added it. A modal <dialog> traps focus and closes on Escape. */
export function HelpOverlay() {
  const { t } = useTranslation('timeline');
  const open = useAllo((s) => s.helpOpen);
  const shortcuts = useSyncExternalStore(subscribeShortcuts, listShortcuts);
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  const groups = new Map<string, typeof shortcuts>();
  for (const s of shortcuts) {
    const g = s.group ?? 'timeline:help.general';
    groups.set(g, [...(groups.get(g) ?? []), s]);
  }
  return (
    <dialog
      ref={ref}
      className="help-overlay"
      aria-labelledby="help-title"
      data-testid="help-overlay"
      onClose={() => store.getState().setHelpOpen(false)}
    >
      <h2 id="help-title">{t('help.title')}</h2>
      {[...groups].map(([group, list]) => (
        <section key={group}>
          <h3>{t(group)}</h3>
          <dl>
            {list.map((s) => {
              const cap = keyCapName(s.key);
              return (
                <div key={`${s.key}:${s.description}`} className="help-row" data-testid="help-row" data-key={s.key}>
                  <dt>
                    <kbd>{'i18n' in cap ? t(cap.i18n) : cap.text}</kbd>
                  </dt>
                  <dd>{t(s.description)}</dd>
                </div>
              );
            })}
          </dl>
        </section>
      ))}
      <p className="help-note">{t('help.note')}</p>
      <form method="dialog">
        <button autoFocus>{t('help.close')}</button>
      </form>
    </dialog>
  );
}
