import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { AlloStore } from '../store';

/**
 * Every string of the page goes through i18next. Each feature owns one namespace
 * file per language under locales/<lang>/<namespace>.json; they are all bundled.
 */
const modules = import.meta.glob<Record<string, unknown>>('./locales/*/*.json', { eager: true, import: 'default' });

export const resources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [path, data] of Object.entries(modules)) {
  const match = /locales\/(\w+)\/([\w-]+)\.json$/.exec(path);
  if (!match) continue;
  const [, lang, ns] = match as unknown as [string, string, string];
  (resources[lang] ??= {})[ns] = data;
}

export function initI18n(store: AlloStore) {
  void i18next.use(initReactI18next).init({
    resources,
    lng: store.getState().lang,
    fallbackLng: 'en',
    defaultNS: 'common',
    ns: Object.keys(resources.en ?? {}),
    interpolation: { escapeValue: false }, // React escapes; bytes from the network are never HTML.
    returnNull: false,
  });
  const apply = (lang: string) => {
    void i18next.changeLanguage(lang);
    document.documentElement.lang = lang;
  };
  apply(store.getState().lang);
  store.subscribe((s, prev) => s.lang !== prev.lang && apply(s.lang));
  return i18next;
}
