import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Every namespace of the page (each file of locales/fr and locales/en): every string in both languages. */
const NAMESPACES = [
  ...new Set(
    ['fr', 'en'].flatMap((lang) =>
      readdirSync(new URL(`./locales/${lang}/`, import.meta.url))
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.replace(/\.json$/, '')),
    ),
  ),
];

function keys(obj: unknown, prefix = ''): string[] {
  if (typeof obj !== 'object' || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}
// French has a "many" plural form that English does not: compare plural stems.
const stem = (k: string) => k.replace(/_(zero|one|two|few|many|other)$/, '');
const load = (lang: string, ns: string) =>
  JSON.parse(readFileSync(new URL(`./locales/${lang}/${ns}.json`, import.meta.url), 'utf8')) as unknown;

describe('translations', () => {
  for (const ns of NAMESPACES) {
    it(`${ns}: French and English have the same keys, none empty`, () => {
      const fr = new Set(keys(load('fr', ns)).map(stem));
      const en = new Set(keys(load('en', ns)).map(stem));
      expect([...fr].filter((k) => !en.has(k))).toEqual([]);
      expect([...en].filter((k) => !fr.has(k))).toEqual([]);
      const values = (lang: string) => JSON.stringify(load(lang, ns));
      expect(values('fr')).not.toContain('""');
      expect(values('en')).not.toContain('""');
    });
  }
});

describe('keys built at run time exist', () => {
  const has = (lang: string, ns: string, key: string) =>
    key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], load(lang, ns)) !==
    undefined;

  it('every phase has a name and an explanation; every action its four texts', async () => {
    const { PHASES } = await import('../../shared/world');
    const { ALL_ACTIONS } = await import('../features/toolbox/actions');
    for (const lang of ['en', 'fr']) {
      for (const p of PHASES) {
        expect([
          lang,
          p,
          has(lang, 'stage', `phase.${p}`),
          has(lang, 'stage', `explain.${p}`),
          has(lang, 'stage', `explain.udp.${p}`),
        ]).toEqual([lang, p, true, true, true]);
      }
      for (const a of ALL_ACTIONS)
        for (const part of ['name', 'hint', 'run', 'api'])
          expect([lang, a, part, has(lang, 'toolbox', `action.${a}.${part}`)]).toEqual([lang, a, part, true]);
    }
  });

  it('every caption key the stage produces exists', async () => {
    const { captionFor } = await import('../features/stage/captions');
    const { worldAt } = await import('../../shared/world');
    const ep = { address: '127.0.0.1', port: 5000, family: 4 as const };
    const data = { text: 'x', base64: 'eA==' };
    const events = [
      { kind: 'lookup', host: 'h', addresses: [] },
      { kind: 'service', name: 'echo', proto: 'tcp', port: 7, source: 'builtin' },
      { kind: 'created', socket: 'a', proto: 'tcp', family: 4 },
      { kind: 'created', socket: 'u', proto: 'udp', family: 4 },
      { kind: 'created', socket: 'k', proto: 'tcp', family: 4, parent: 'a' },
      { kind: 'bound', socket: 'a', local: ep },
      { kind: 'listening', socket: 'a', local: ep, backlog: 1 },
      { kind: 'connecting', socket: 'u', remote: ep },
      { kind: 'connected', socket: 'u', local: ep, remote: ep },
      { kind: 'accepted', socket: 'a', child: 'k', local: ep, remote: ep },
      { kind: 'sent', socket: 'k', bytes: 1, offset: 0, data },
      { kind: 'sent', socket: 'u', bytes: 1, offset: 0, data, to: ep },
      { kind: 'received', socket: 'k', bytes: 1, offset: 0, data },
      { kind: 'received', socket: 'u', bytes: 1, offset: 0, data, from: ep },
      { kind: 'paused', socket: 'k' },
      { kind: 'resumed', socket: 'k' },
      { kind: 'ended', socket: 'k' },
      { kind: 'peer-ended', socket: 'k' },
      { kind: 'reset', socket: 'k' },
      { kind: 'error', socket: 'k', code: 'ECONNREFUSED', syscall: 'connect', message: 'm' },
      { kind: 'error', socket: 'k', code: 'EADDRINUSE', syscall: 'listen', message: 'm' },
      { kind: 'error', socket: 'k', code: 'ECONNRESET', syscall: 'read', message: 'm' },
      { kind: 'error', socket: 'k', code: 'EPIPE', syscall: 'write', message: 'm' },
      { kind: 'closed', socket: 'k', hadError: true },
      { kind: 'closed', socket: 'a', hadError: false },
      { kind: 'kernel', socket: 'u', state: 'UNCONN', txQueue: 0, rxQueue: 0 },
    ].map((e, i) => ({ ...e, seq: i + 1, t: i })) as import('../../shared/protocol').Event[];
    const keysSeen = new Set<string>();
    events.forEach((e, i) => keysSeen.add(captionFor(e, worldAt(events, i + 1)).key));
    for (const lang of ['en', 'fr'])
      for (const k of keysSeen) expect([lang, k, has(lang, 'stage', k)]).toEqual([lang, k, true]);
  });
});
