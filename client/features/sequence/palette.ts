import { useEffect, useState } from 'react';
import type { ArrowKind, MarkKind } from './model/types';

/**
 * The diagram's colours come from the design tokens (`--seq-*` in client/styles/tokens.css,
 * light and dark), read once and written into the SVG as attributes, not CSS
 * classes: an exported SVG or PNG then looks exactly like the page without any
 * stylesheet. The fallbacks below are the light tokens (a page without styles, tests).
 */
export interface Palette {
  paper: string;
  band: string;
  ink: string;
  muted: string;
  box: string;
  boxOutside: string;
  lineOutside: string;
  cursor: string;
  selected: string;
  arrow: Record<ArrowKind, string>;
  mark: Record<MarkKind, string>;
}

const TOKENS = {
  paper: ['--seq-paper', '#fffdf9'],
  band: ['--seq-band', '#f6f1e8'],
  ink: ['--seq-ink', '#1d1b19'],
  muted: ['--seq-muted', '#5f564c'],
  box: ['--seq-box', '#ffffff'],
  boxOutside: ['--seq-box-outside', '#f5f5f4'],
  lineOutside: ['--seq-line-outside', '#8a847f'],
  cursor: ['--seq-cursor', '#c2410c'],
  selected: ['--seq-selected', '#fde047'],
  handshake: ['--seq-handshake', '#6d28d9'],
  data: ['--seq-data', '#1d4ed8'],
  fin: ['--seq-fin', '#a21caf'],
  rst: ['--seq-rst', '#b91c1c'],
  udp: ['--seq-udp', '#0f766e'],
  accept: ['--seq-accept', '#92400e'],
  bind: ['--seq-bind', '#57534e'],
  close: ['--seq-close', '#44403c'],
  pause: ['--seq-pause', '#9a4a07'],
  resume: ['--seq-resume', '#15803d'],
} as const;
type Token = keyof typeof TOKENS;

export function paletteFrom(read: (name: string) => string): Palette {
  const c = Object.fromEntries(
    Object.entries(TOKENS).map(([k, [name, fallback]]) => [k, read(name).trim() || fallback]),
  ) as Record<Token, string>;
  return {
    paper: c.paper,
    band: c.band,
    ink: c.ink,
    muted: c.muted,
    box: c.box,
    boxOutside: c.boxOutside,
    lineOutside: c.lineOutside,
    cursor: c.cursor,
    selected: c.selected,
    arrow: {
      syn: c.handshake,
      'syn-ack': c.handshake,
      ack: c.handshake,
      'rst-refused': c.rst,
      data: c.data,
      fin: c.fin,
      rst: c.rst,
      datagram: c.udp,
      accept: c.accept,
    },
    mark: {
      listen: c.accept,
      bind: c.bind,
      'connect-udp': c.udp,
      error: c.rst,
      close: c.close,
      pause: c.pause,
      resume: c.resume,
      merge: c.data,
      split: c.data,
    },
  };
}

const readTokens = (): Palette => {
  if (typeof document === 'undefined') return paletteFrom(() => '');
  const style = getComputedStyle(document.documentElement);
  return paletteFrom((name) => style.getPropertyValue(name));
};

/** The palette of the page's current colour scheme; follows a switch between light and dark. */
export function usePalette(): Palette {
  const [palette, setPalette] = useState(readTokens);
  useEffect(() => {
    const dark = window.matchMedia('(prefers-color-scheme: dark)');
    const update = () => setPalette(readTokens());
    dark.addEventListener('change', update);
    return () => dark.removeEventListener('change', update);
  }, []);
  return palette;
}

export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
export const MONO = 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace';

/** Geometry of the diagram, in SVG user units: lifeline columns, the sticky header's height, one row. */
export const GEOMETRY = { left: 150, col: 210, head: 70, pad: 24, row: 38, bottom: 20 } as const;
