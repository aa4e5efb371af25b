import { readFileSync } from 'node:fs';
import { createInstance } from '../../i18n/translator';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENT_KINDS, type Event } from '../../../shared/protocol';
import { typesetDeep } from '../../i18n/typography';
import { eventSummary, kindLabel } from './eventSummary';

const load = (lang: string) =>
  JSON.parse(readFileSync(new URL(`../../i18n/locales/${lang}/log.json`, import.meta.url), 'utf8')) as Record<
    string,
    Record<string, string>
  >;
const i18n = createInstance();
beforeAll(async () => {
  await i18n.init({
    lng: 'fr',
    fallbackLng: false,
    resources: { fr: { log: typesetDeep(load('fr'), 'fr') }, en: { log: load('en') } },
    interpolation: { escapeValue: false },
  });
});
const tIn = (lang: 'fr' | 'en') => i18n.getFixedT(lang, 'log');
const remote = { address: '127.0.0.1', port: 7007, family: 4 as const };
const connecting: Event = { seq: 3, t: 1, kind: 'connecting', socket: 's1', remote };

describe('the log says what each event is, in the page language', () => {
  it('a UDP connect() sets the default peer: no dialling, no SYN; a TCP one dials with SYN', () => {
    for (const lang of ['fr', 'en'] as const) {
      const udp = eventSummary(connecting, tIn(lang), false, () => 'udp');
      const tcp = eventSummary(connecting, tIn(lang), false, () => 'tcp');
      expect(udp).not.toMatch(/SYN|dialling|compose/);
      expect(udp).toMatch(lang === 'fr' ? /destinataire par défaut/ : /default peer/);
      expect(udp).toContain('127.0.0.1:7007');
      expect(tcp).toMatch(/SYN/);
    }
  });

  it("a connect()'s own lookup says it is for that call", () => {
    const lookup: Event = { seq: 2, t: 1, kind: 'lookup', socket: 's1', host: 'localhost', addresses: [remote] };
    expect(eventSummary(lookup, tIn('en'), false)).toBe('localhost → 127.0.0.1 (for connect())');
    expect(eventSummary(lookup, tIn('fr'), false)).toBe('localhost → 127.0.0.1 (pour connect())');
    const { socket: _, ...own } = lookup;
    expect(eventSummary(own as Event, tIn('en'), false)).toBe('localhost → 127.0.0.1');
  });

  it('every event kind has a word in each language, with the protocol name beside it when it differs', () => {
    for (const lang of ['fr', 'en'] as const) {
      const kinds = load(lang).kind!;
      for (const k of EVENT_KINDS) {
        expect(kinds[k], `${lang}: kind.${k}`).toBeTruthy();
        const label = kindLabel(k, tIn(lang) as unknown as Parameters<typeof kindLabel>[1]);
        if (kinds[k] !== k) expect(label).toContain(`(${k})`);
      }
    }
    expect(kindLabel('datagram', tIn('fr') as unknown as Parameters<typeof kindLabel>[1])).toBe(
      'datagramme UDP (datagram)',
    );
  });
});
