import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN_LESSONS } from '../../shared/lessons/builtin';
import { frenchTypography, typesetDeep } from './typography';

/** A French sign « : ; ? ! » after a plain space, a guillemet without its no-break space, or a typewriter apostrophe. */
const BAD = /[ \t][:;?!](?=\s|$)|«[^\u00a0]|[^\u00a0]»|\p{L}'\p{L}/u;
const strings = (v: unknown): string[] =>
  typeof v === 'string'
    ? [v]
    : Array.isArray(v)
      ? v.flatMap(strings)
      : v && typeof v === 'object'
        ? Object.values(v).flatMap(strings)
        : [];

describe('French typography', () => {
  it('puts no-break spaces before : ; ? ! and inside guillemets, and leaves addresses alone', () => {
    expect(frenchTypography('Port 0 : libre ; vraiment ? oui !')).toBe(
      'Port 0\u00a0: libre\u202f; vraiment\u202f? oui\u202f!',
    );
    expect(frenchTypography('« Allô ? »')).toBe('«\u00a0Allô\u202f?\u00a0»');
    expect(frenchTypography('appelle [::1]:5000 ou 127.0.0.1:80, recv()?')).toBe(
      'appelle [::1]:5000 ou 127.0.0.1:80, recv()?',
    );
    expect(frenchTypography('{{kind}} : {{label}}')).toBe('{{kind}}\u00a0: {{label}}');
    expect(frenchTypography("L'enseignant l’a dit : c'est d'Allô")).toBe('L’enseignant l’a dit\u00a0: c’est d’Allô');
    expect(frenchTypography("recv(s, buf, 'x')")).toBe("recv(s, buf, 'x')");
  });

  it('every French string the page loads is typeset (every namespace, the compare view, the lessons)', () => {
    const dir = new URL('./locales/fr/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThan(8);
    const texts = [
      ...files.flatMap((f) => strings(typesetDeep(JSON.parse(readFileSync(new URL(f, dir), 'utf8')), 'fr'))),
      ...strings(
        typesetDeep(
          JSON.parse(readFileSync(new URL('../features/compare/locales/fr.json', import.meta.url), 'utf8')),
          'fr',
        ),
      ),
      ...BUILTIN_LESSONS.flatMap((l) =>
        [l.title, l.summary, ...l.steps.flatMap((s) => [s.title, s.narration, s.analogy, s.check.observe])].map((x) =>
          frenchTypography(x.fr),
        ),
      ),
    ];
    expect(texts.filter((s) => BAD.test(s))).toEqual([]);
    // …and without the typesetting they would not be: this test can fail.
    expect(files.some((f) => strings(JSON.parse(readFileSync(new URL(f, dir), 'utf8'))).some((s) => BAD.test(s)))).toBe(
      true,
    );
  });
});

describe('« un socket », everywhere', () => {
  it('no French text makes socket feminine', () => {
    const dir = new URL('./locales/fr/', import.meta.url);
    const texts = [
      ...readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .flatMap((f) => strings(JSON.parse(readFileSync(new URL(f, dir), 'utf8')))),
      ...strings(JSON.parse(readFileSync(new URL('../features/compare/locales/fr.json', import.meta.url), 'utf8'))),
      ...BUILTIN_LESSONS.flatMap((l) =>
        [l.title, l.summary, ...l.steps.flatMap((s) => [s.title, s.narration, s.analogy, s.check.observe])].map(
          (x) => x.fr,
        ),
      ),
    ];
    const feminine =
      /\b(une|la|cette|toutes|aucune|nouvelle|seule)\s+(\w+\s+)?sockets?\b|\bsockets?\s+(\w+\s+)?(fermée|ouverte|connectée|liée|acceptée|créée|prête)s?\b|\(acceptée par/i;
    expect(texts.filter((s) => feminine.test(s))).toEqual([]);
  });
});
