import { i18n, type Translator } from './translator';
import type { AlloStore } from '../store';
import type { Lang } from '../store/uiSlice';
import { typesetDeep } from './typography';

/**
 * Every string of the page goes through the translator (./translator.ts). Each feature owns one namespace
 * file per language under locales/<lang>/<namespace>.json. Each language is its
 * own lazy chunk: the page loads the one it speaks before its first render, and
 * the other when asked (or in the background, as the fallback for English), so
 * the strings of a language nobody reads never weigh on the initial JS.
 */
const modules = import.meta.glob<Record<string, unknown>>('./locales/*/*.json', { import: 'default' });

const loading = new Map<string, Promise<void>>();

/** Loads every namespace of one language into the translator (once). */
export function loadLanguage(lang: Lang): Promise<void> {
  let p = loading.get(lang);
  if (!p) {
    const files = Object.entries(modules).filter(([path]) => path.startsWith(`./locales/${lang}/`));
    p = Promise.all(
      files.map(async ([path, load]) => {
        const ns = /\/([\w-]+)\.json$/.exec(path)?.[1];
        if (ns) i18n.addResourceBundle(lang, ns, typesetDeep(await load(), lang), true, true);
      }),
    ).then(() => undefined);
    loading.set(lang, p);
  }
  return p;
}

/** Starts the translator in the stored (or preferred) language; resolves once its strings are there. */
export async function initI18n(store: AlloStore): Promise<Translator> {
  const lang = store.getState().lang;
  // Nothing is escaped: React escapes, and bytes from the network are never HTML.
  await i18n.init({ fallbackLng: 'en', defaultNS: 'common' });
  await loadLanguage(lang);
  const apply = async (next: Lang) => {
    await loadLanguage(next);
    await i18n.changeLanguage(next);
    document.documentElement.lang = next;
  };
  await apply(lang);
  store.subscribe((s, prev) => void (s.lang !== prev.lang && apply(s.lang)));
  // English is the fallback for any string a feature has not translated yet.
  if (lang !== 'en') void loadLanguage('en');
  return i18n;
}
