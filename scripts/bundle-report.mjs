#!/usr/bin/env node
// What the page's initial JavaScript holds: minified bytes and gzipped bytes per
// package and per source folder, from the build's own sourcemaps (no plugin).
//   npm run build && node scripts/bundle-report.mjs [--all] [--files]
// --all: every chunk, lazy ones too; --files: per source file instead of per folder.
// Gzipped figures are each group's bytes gzipped alone (a little more than its share of the whole file).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = 'dist/client';
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
const all = readdirSync(join(dist, 'assets'))
  .filter((f) => f.endsWith('.js'))
  .map((f) => `assets/${f}`);
const files = process.argv.includes('--all') ? all : initial;
const perFile = process.argv.includes('--files');

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Source map v3 "mappings": per generated line, segments [column, source index, …] (base64 VLQ, deltas). */
function* segments(mappings) {
  let source = 0;
  for (const [line, text] of mappings.split(';').entries()) {
    let column = 0;
    for (const seg of text.split(',')) {
      if (!seg) continue;
      const values = [];
      let value = 0;
      let shift = 0;
      for (const ch of seg) {
        const digit = B64.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += values[0];
      if (values.length > 1) source += values[1];
      yield { line, column, source: values.length > 1 ? source : -1 };
    }
  }
}

const group = (src) => {
  const path = src.replace(/^(\.\.\/)+/, '');
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return `npm:${pkg[1]}`;
  if (perFile) return path;
  return /^(client\/features\/[^/]+|client\/[^/]+|shared\/[^/]+)/.exec(path)?.[1] ?? path;
};

const groups = new Map();
for (const file of files) {
  const lines = readFileSync(join(dist, file), 'utf8').split('\n');
  // Vite's own helpers (the preload helper) come without a source map: count them as the bundler's.
  if (!existsSync(join(dist, `${file}.map`))) {
    const g = groups.get('(bundler)') ?? { text: [], files: new Set() };
    g.text.push(lines.join('\n'));
    g.files.add(file.replace('assets/', ''));
    groups.set('(bundler)', g);
    continue;
  }
  const map = JSON.parse(readFileSync(join(dist, `${file}.map`), 'utf8'));
  const segs = [...segments(map.mappings)];
  segs.forEach((s, i) => {
    const next = segs[i + 1];
    const text = lines[s.line] ?? '';
    const end = next && next.line === s.line ? next.column : text.length;
    const key = s.source < 0 ? '(bundler)' : group(map.sources[s.source]);
    const g = groups.get(key) ?? { text: [], files: new Set() };
    g.text.push(text.slice(s.column, end));
    g.files.add(file.replace('assets/', ''));
    groups.set(key, g);
  });
}
const rows = [...groups]
  .map(([name, g]) => ({
    name,
    bytes: g.text.join('').length,
    gz: gzipSync(g.text.join(''), { level: 9 }).length,
    files: [...g.files],
  }))
  .sort((a, b) => b.gz - a.gz);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(9);
console.log(
  `${process.argv.includes('--all') ? 'every chunk' : 'initial JavaScript'} (${files.length} files): minified, gzipped, what`,
);
for (const r of rows)
  console.log(
    `${kb(r.bytes)} ${kb(r.gz)}  ${r.name}  (${r.files.slice(0, 3).join(', ')}${r.files.length > 3 ? ', …' : ''})`,
  );
