import { useMemo, useSyncExternalStore } from 'react';
import { i18n, type TFunction, type Translator } from './translator';

/**
 * The strings of one namespace for a view (react-i18next's hook, as Allô used
 * it): the view renders again when the language changes or strings arrive (a
 * lazy feature's bundle), and `t` changes with them so memoised work follows.
 */
export function useTranslation(ns?: string): { t: TFunction; i18n: Translator } {
  const revision = useSyncExternalStore(i18n.subscribe, () => i18n.revision);
  // biome-ignore lint/correctness/useExhaustiveDependencies: revision is the point, a new t for new strings.
  const t = useMemo(() => i18n.getFixedT(null, ns), [ns, revision]);
  return { t, i18n };
}
