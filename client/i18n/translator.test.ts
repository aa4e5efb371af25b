import { describe, expect, it } from 'vitest';
import { createInstance } from './translator';

const make = async (lng = 'fr') =>
  createInstance().init({
    lng,
    fallbackLng: 'en',
    defaultNS: 'common',
    resources: {
      fr: {
        common: { hello: 'Allô {{name}} !', nav: { side: 'Outils' }, 'dotted.key': 'clé pointée' },
        log: { rows_one: '{{count}} ligne', rows_other: '{{count}} lignes', rows_many: '{{count}} de lignes' },
      },
      en: {
        common: { hello: 'Hello {{name}}!', onlyEnglish: 'English only' },
        log: { rows_one: '{{count}} row', rows_other: '{{count}} rows', plain: 'plain' },
      },
    },
  });

describe('the translator', () => {
  it('finds nested keys, keys holding dots, and interpolates (a missing value is empty)', async () => {
    const i18n = await make();
    expect(i18n.t('nav.side')).toBe('Outils');
    expect(i18n.t('dotted.key')).toBe('clé pointée');
    expect(i18n.t('hello', { name: 'Bob' })).toBe('Allô Bob !');
    expect(i18n.t('hello')).toBe('Allô  !');
  });

  it('picks the plural form of the language, then _other', async () => {
    const i18n = await make();
    const t = i18n.getFixedT(null, 'log');
    expect(t('rows', { count: 1 })).toBe('1 ligne');
    expect(t('rows', { count: 0 })).toBe('0 ligne'); // French: 0 is singular
    expect(t('rows', { count: 2 })).toBe('2 lignes');
    expect(t('rows', { count: 1_000_000 })).toBe('1000000 de lignes'); // CLDR's "many" in French
    const en = i18n.getFixedT('en', 'log');
    expect(en('rows', { count: 0 })).toBe('0 rows');
    expect(en('rows', { count: 1_000_000 })).toBe('1000000 rows');
    expect(en('plain', { count: 3 })).toBe('plain'); // no plural forms: the key itself
    expect(t('rows', { count: '7' })).toBe('rows'); // a string count picks no plural form (as i18next)
  });

  it('namespaces: the t’s own, a ns: prefix, or the ns option', async () => {
    const i18n = await make();
    const t = i18n.getFixedT(null, 'log');
    expect(t('common:nav.side')).toBe('Outils');
    expect(t('nav.side', { ns: 'common' })).toBe('Outils');
    expect(i18n.t('log:rows', { count: 2 })).toBe('2 lignes');
  });

  it('falls back to English, then through an array of keys, then to defaultValue or the key', async () => {
    const i18n = await make();
    expect(i18n.t('onlyEnglish')).toBe('English only');
    expect(i18n.t(['missing.one', 'nav.side'])).toBe('Outils');
    expect(i18n.t('missing.two', { defaultValue: 'par défaut' })).toBe('par défaut');
    expect(i18n.t('log:missing.three')).toBe('missing.three');
    expect(i18n.exists('nav.side')).toBe(true);
    expect(i18n.exists('missing.one')).toBe(false);
    expect(i18n.exists('rows_one', { ns: 'log' })).toBe(true);
  });

  it('follows the language, tells its subscribers, and merges bundles added later', async () => {
    const i18n = await make();
    let told = 0;
    const off = i18n.subscribe(() => told++);
    await i18n.changeLanguage('en');
    expect(i18n.language).toBe('en');
    expect(i18n.t('hello', { name: 'Bob' })).toBe('Hello Bob!');
    i18n.addResourceBundle('en', 'common', { nav: { right: 'Log' }, hello: 'kept?' }, true, false);
    expect(i18n.t('nav.right')).toBe('Log');
    expect(i18n.t('hello', { name: 'Bob' })).toBe('Hello Bob!'); // deep, no overwrite: the old string stays
    i18n.addResourceBundle('en', 'common', { hello: 'Hi {{name}}' }, true, true);
    expect(i18n.t('hello', { name: 'Bob' })).toBe('Hi Bob');
    expect(told).toBe(3);
    off();
    await i18n.changeLanguage('fr');
    expect(told).toBe(3);
  });
});
