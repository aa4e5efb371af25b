import { readFileSync } from 'node:fs';
import { createInstance } from './translator';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../shared/limits';
import { ErrorCodes, ErrorReasons } from '../../shared/protocol';
import { errorText } from './errors';
import { typesetDeep } from './typography';

const load = (lang: string) =>
  JSON.parse(readFileSync(new URL(`./locales/${lang}/errors.json`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
const i18n = createInstance();
beforeAll(async () => {
  await i18n.init({
    lng: 'fr',
    fallbackLng: false,
    resources: { fr: { errors: typesetDeep(load('fr'), 'fr') }, en: { errors: load('en') } },
    interpolation: { escapeValue: false },
  });
});
const inLang = async (lang: 'fr' | 'en') => {
  await i18n.changeLanguage(lang);
  return i18n;
};

describe('server errors in the page language', () => {
  it('the server port refused for a bind is not "loopback only", in French and English', async () => {
    for (const lang of ['fr', 'en'] as const) {
      const i = await inLang(lang);
      const own = errorText({ code: 'POLICY_DENIED', reason: 'own-port' }, i);
      const far = errorText({ code: 'POLICY_DENIED', reason: 'not-loopback' }, i);
      expect(own).not.toEqual(far);
      expect(own).toMatch(lang === 'fr' ? /port est celui d.Allô/ : /port is Allô's own/);
      expect(own).not.toMatch(/127\.0\.0\.0/);
    }
  });

  it('every code and every reason has a sentence in each language (none falls back to the generic one)', async () => {
    for (const lang of ['fr', 'en'] as const) {
      const i = await inLang(lang);
      const generic = (code: string) => i.t('unknown', { ns: 'errors', code });
      for (const code of ErrorCodes)
        expect([lang, code, errorText({ code }, i)]).not.toEqual([lang, code, generic(code)]);
      for (const [code, reasons] of Object.entries(ErrorReasons))
        for (const reason of reasons) {
          const text = errorText({ code, reason }, i);
          expect([lang, code, reason, text === errorText({ code }, i)]).toEqual([lang, code, reason, false]);
        }
    }
  });

  it('every limit a LIMIT refusal can name is said in words in each language, never as its identifier', async () => {
    for (const lang of ['fr', 'en'] as const) {
      const i = await inLang(lang);
      const words = new Set<string>();
      for (const limit of Object.keys(DEFAULT_LIMITS)) {
        const text = errorText({ code: 'LIMIT', limit }, i);
        expect(text, `${lang} ${limit}`).not.toContain(limit);
        words.add(text);
      }
      // One phrase per limit: two limits never read the same.
      expect(words.size).toBe(Object.keys(DEFAULT_LIMITS).length);
    }
  });

  it('an unknown code or reason still reads in French, naming the code', async () => {
    const i = await inLang('fr');
    expect(errorText({ code: 'EWHATEVER' }, i)).toBe('Le serveur a répondu EWHATEVER.');
    expect(errorText({ code: 'POLICY_DENIED', reason: 'from-the-future' }, i)).toBe(
      'Refusé par la politique du serveur.',
    );
    expect(errorText({ code: 'ECONNREFUSED' }, i)).toBe('Personne ne répond sur ce port.');
    expect(errorText({ code: 'LIMIT', limit: 'maxSendBytes' }, i)).toBe('Limite atteinte\u00a0: octets par envoi.');
  });
});
