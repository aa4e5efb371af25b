import { readFileSync } from 'node:fs';
import { createInstance } from '../../i18n/translator';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_LESSONS } from '../../../shared/lessons/builtin';
import { typesetDeep } from '../../i18n/typography';
import { describeAssertion } from './describe';

const load = (lang: string, ns: string) =>
  JSON.parse(readFileSync(new URL(`../../i18n/locales/${lang}/${ns}.json`, import.meta.url), 'utf8')) as object;
const i18n = createInstance();
beforeAll(async () => {
  const res = (lang: string) =>
    Object.fromEntries(['stage', 'log', 'lessons'].map((ns) => [ns, typesetDeep(load(lang, ns), lang)]));
  await i18n.init({ lng: 'fr', fallbackLng: false, resources: { fr: res('fr'), en: res('en') } });
});

const lesson = (id: string) => BUILTIN_LESSONS.find((l) => l.id === id)!;

describe('lesson checks in the page language', () => {
  it('a phase check names the socket by its label and the phase in words, protocol name beside', async () => {
    const r = {
      assertion: { phase: 'connected' as const, socket: { $ref: 'caller.socket' } },
      ok: true,
      found: 1,
      actualPhase: 'connected',
    };
    const ctx = { lesson: lesson('appel'), refs: {}, t: i18n.t };
    await i18n.changeLanguage('fr');
    const fr = describeAssertion(r, { ...ctx, lang: 'fr', t: i18n.getFixedT('fr') });
    expect(fr).toMatch(/^client\u00a0: .+ \(connected\)$/);
    expect(fr).not.toMatch(/: connected$/);
    const en = describeAssertion(r, { ...ctx, lang: 'en', t: i18n.getFixedT('en') });
    expect(en).toMatch(/^client: .+ \(connected\)$/);
  });

  it('an event check says the kind in French, the per-language text and the bytes with French words', () => {
    const r = {
      assertion: {
        kind: 'received' as const,
        socket: { $ref: 'rude.socket' },
        text: { fr: 'un deux trois', en: 'one two three' },
        bytes: 13,
      },
      ok: true,
      found: 1,
      bytes: 13,
    };
    const fr = describeAssertion(r, { lesson: lesson('raccrocher'), refs: {}, lang: 'fr', t: i18n.getFixedT('fr') });
    expect(fr).toBe('reçu (received) · brusque «\u00a0un deux trois\u00a0» × 1, 13 octets');
    const en = describeAssertion(r, { lesson: lesson('raccrocher'), refs: {}, lang: 'en', t: i18n.getFixedT('en') });
    expect(en).toBe('received · abrupt “one two three” × 1, 13 bytes');
  });
});
