import type { ArrowKind, MarkKind } from './model/types';

/**
 * Colours are SVG attributes, not CSS classes, so that an exported SVG or PNG
 * looks exactly like the page without any stylesheet.
 */
export const ARROW_COLOR: Record<ArrowKind, string> = {
  syn: '#6d28d9',
  'syn-ack': '#6d28d9',
  ack: '#6d28d9',
  'rst-refused': '#b91c1c',
  data: '#1d4ed8',
  fin: '#a21caf',
  rst: '#b91c1c',
  datagram: '#0f766e',
  accept: '#92400e',
};

export const MARK_COLOR: Record<MarkKind, string> = {
  listen: '#92400e',
  bind: '#57534e',
  'connect-udp': '#0f766e',
  error: '#b91c1c',
  close: '#44403c',
  pause: '#b45309',
  resume: '#15803d',
  merge: '#1d4ed8',
  split: '#1d4ed8',
};

export const INK = '#1d1b19';
export const MUTED = '#6b6258';
export const PAPER = '#fffdf9';
export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
export const MONO = 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace';

/** Geometry of the diagram, in SVG user units. */
export const GEOMETRY = { left: 150, col: 210, top: 84, row: 38, bottom: 56 } as const;
