import { useEffect, useSyncExternalStore } from 'react';
import { useTranslation } from '../i18n/react';
import { registerShortcut } from '../keyboard/shortcuts';

/**
 * The presenter layout: the view shown (the stage, the diagram, the comparison)
 * and the timeline get the whole screen; the toolbox, the code and the log step
 * aside. A class on <html> (client/styles/layouts.css lays it out), remembered in this
 * browser, switched by the header's button or the P key.
 */
const KEY = 'allo.presenter';
const listeners = new Set<() => void>();
let on = read();

function read(): boolean {
  try {
    return globalThis.localStorage?.getItem(KEY) === '1';
  } catch {
    return false; // storage refused (private mode): the layout still switches, it is just not remembered
  }
}

export function setPresenter(next: boolean): void {
  on = next;
  try {
    globalThis.localStorage?.setItem(KEY, next ? '1' : '0');
  } catch {
    // not remembered, see read()
  }
  for (const l of listeners) l();
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

export function PresenterToggle() {
  const { t } = useTranslation();
  const presenter = useSyncExternalStore(subscribe, () => on);
  useEffect(() => {
    document.documentElement.classList.toggle('presenter', presenter);
  }, [presenter]);
  useEffect(
    () =>
      registerShortcut({
        key: 'p',
        description: 'common:shortcut.presenter',
        group: 'common:shortcut.group',
        run: () => setPresenter(!on),
      }),
    [],
  );
  return (
    <button
      aria-pressed={presenter}
      onClick={() => setPresenter(!presenter)}
      title={t('presenter.hint')}
      data-testid="presenter-toggle"
    >
      {t('presenter.label')}
    </button>
  );
}
