import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { AlloStore } from '../store';
import type { Lang } from '../store/uiSlice';
import { typesetDeep } from './typography';

/**
 * Every string of the page goes through i18next. Each feature owns one namespace
 * file per language under locales/<lang>/<namespace>.json. Each language is its
 * own lazy chunk: the page loads the one it speaks before its first render, and
 * the other when asked (or in the background, as the fallback for English), so
 * the strings of a language nobody reads never weigh on the initial JS.
 */
const modules = import.meta.glob<Record<string, unknown>>('./locales/*/*.json', { import: 'default' });

const loading = new Map<string, Promise<void>>();

/** Loads every namespace of one language into i18next (once). */
export function loadLanguage(lang: Lang): Promise<void> {
  let p = loading.get(lang);
  if (!p) {
    const files = Object.entries(modules).filter(([path]) => path.startsWith(`./locales/${lang}/`));
    p = Promise.all(
      files.map(async ([path, load]) => {
        const ns = /\/([\w-]+)\.json$/.exec(path)?.[1];
        if (ns) i18next.addResourceBundle(lang, ns, typesetDeep(await load(), lang), true, true);
      }),
    ).then(() => undefined);
    loading.set(lang, p);
  }
  return p;
}

const NAMESPACES = [...new Set(Object.keys(modules).map((p) => /\/([\w-]+)\.json$/.exec(p)?.[1] ?? 'common'))];

/** Starts i18next in the stored (or preferred) language; resolves once its strings are there. */
export async function initI18n(store: AlloStore): Promise<typeof i18next> {
  const lang = store.getState().lang;
  await i18next.use(initReactI18next).init({
    resources: {},
    lng: lang,
    fallbackLng: 'en',
    defaultNS: 'common',
    ns: NAMESPACES,
    partialBundledLanguages: true,
    interpolation: { escapeValue: false }, // React escapes; bytes from the network are never HTML.
    returnNull: false,
  });
  await loadLanguage(lang);
  const apply = async (next: Lang) => {
    await loadLanguage(next);
    await i18next.changeLanguage(next);
    document.documentElement.lang = next;
  };
  await apply(lang);
  store.subscribe((s, prev) => void (s.lang !== prev.lang && apply(s.lang)));
  // English is the fallback for any string a feature has not translated yet.
  if (lang !== 'en') void loadLanguage('en');
  return i18next;
}
