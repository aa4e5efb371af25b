/**
 * Transport glyphs drawn as SVG: the Unicode media symbols (⏮ ⏭ ⏴) are missing
 * from many classroom machines' fonts and show as empty boxes.
 */
export type TransportIconName = 'start' | 'back' | 'play' | 'pause' | 'forward' | 'end';

const PATHS: Record<TransportIconName, string> = {
  start: 'M4 4h2.5v16H4zM20 4v16L8 12z',
  back: 'M17 4v16L6 12z',
  play: 'M7 4v16l13-8z',
  pause: 'M6 4h4.5v16H6zM13.5 4H18v16h-4.5z',
  forward: 'M7 4v16l11-8z',
  end: 'M17.5 4H20v16h-2.5zM4 4v16l12-8z',
};

/** `size` is any CSS length: '1em' follows the text around it. */
export function TransportIcon({ name, size = 18 }: { name: TransportIconName; size?: number | string }) {
  return (
    <svg viewBox="0 0 24 24" width={size} height={size} aria-hidden="true" focusable="false" data-icon={name}>
      <path d={PATHS[name]} fill="currentColor" />
    </svg>
  );
}
