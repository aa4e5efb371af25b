/** docs/server.md stays true to the one limits module: every limit is listed, with its default. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../shared/limits';

const doc = readFileSync(new URL('../docs/server.md', import.meta.url), 'utf8');
const section = doc.slice(doc.indexOf('### Every limit and its default'), doc.indexOf('## Sessions and resume'));

describe('docs/server.md', () => {
  it('has the list of every limit', () => expect(section.length).toBeGreaterThan(100));

  it.each(Object.entries(DEFAULT_LIMITS))('lists %s with its default %i', (name, value) => {
    expect(section).toMatch(new RegExp('^\\| `' + name + '` \\| ' + value + ' \\|', 'm'));
  });

  it('lists no limit that does not exist', () => {
    const listed = [...section.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual(Object.keys(DEFAULT_LIMITS).sort());
  });
});
