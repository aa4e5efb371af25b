import { useCallback, useEffect, useState, type RefObject } from 'react';
import { useTranslation } from '../../i18n/react';
import { registerShortcut } from '../../keyboard/shortcuts';

/** The zoom steps, around the drawn size (1). */
export const ZOOM_STEPS = [0.4, 0.5, 0.67, 0.8, 1, 1.25, 1.5, 2] as const;

export interface Zoom {
  value: number;
  /** Fitted to the scroller's width (follows it as lifelines come and the window resizes). */
  fit: boolean;
  zoomIn(): void;
  zoomOut(): void;
  fitWidth(): void;
  actualSize(): void;
}

/** The next step up (+1) or down (-1) from any value, fitted ones included. */
export function nextZoom(value: number, dir: 1 | -1): number {
  if (dir > 0) return ZOOM_STEPS.find((z) => z > value + 1e-3) ?? ZOOM_STEPS.at(-1)!;
  return [...ZOOM_STEPS].reverse().find((z) => z < value - 1e-3) ?? ZOOM_STEPS[0];
}

/**
 * Zoom of the diagram: steps, the drawn size, or fitted to the width of
 * `scroller` for a drawing `width` pixels wide at zoom 1. Keys `[`, `]` and `f`
 * (listed in the `?` overlay) work while the diagram is on screen.
 */
export function useZoom(scroller: RefObject<HTMLElement | null>, width: number): Zoom {
  const [step, setStep] = useState(1);
  const [fit, setFit] = useState(false);
  const [room, setRoom] = useState(0);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setRoom(el.clientWidth));
    observer.observe(el);
    setRoom(el.clientWidth);
    return () => observer.disconnect();
  }, [scroller]);
  const fitted = room > 0 && width > 0 ? Math.min(2, Math.max(0.2, (room - 2) / width)) : 1;
  const value = fit ? fitted : step;
  const zoomIn = useCallback(() => {
    setStep(nextZoom(value, 1));
    setFit(false);
  }, [value]);
  const zoomOut = useCallback(() => {
    setStep(nextZoom(value, -1));
    setFit(false);
  }, [value]);
  const fitWidth = useCallback(() => setFit(true), []);
  const actualSize = useCallback(() => {
    setStep(1);
    setFit(false);
  }, []);
  useEffect(() => {
    const group = 'sequence:shortcut.group';
    const offs = [
      registerShortcut({ key: ']', description: 'sequence:shortcut.zoomIn', group, run: zoomIn }),
      registerShortcut({ key: '[', description: 'sequence:shortcut.zoomOut', group, run: zoomOut }),
      registerShortcut({ key: 'f', description: 'sequence:shortcut.fit', group, run: fitWidth }),
    ];
    return () => offs.forEach((off) => off());
  }, [zoomIn, zoomOut, fitWidth]);
  return { value, fit, zoomIn, zoomOut, fitWidth, actualSize };
}

/** −, the zoom as a percentage (back to the drawn size), +, and "fit to width". */
export function ZoomControls({ zoom }: { zoom: Zoom }) {
  const { t } = useTranslation('sequence');
  return (
    <div className="sequence-zoom" role="group" aria-label={t('zoom.label')}>
      <button
        onClick={zoom.zoomOut}
        aria-label={t('zoom.out')}
        title={t('zoom.outKey')}
        disabled={zoom.value <= ZOOM_STEPS[0]}
      >
        −
      </button>
      <button onClick={zoom.actualSize} aria-label={t('zoom.actual', { percent: Math.round(zoom.value * 100) })}>
        {Math.round(zoom.value * 100)} %
      </button>
      <button
        onClick={zoom.zoomIn}
        aria-label={t('zoom.in')}
        title={t('zoom.inKey')}
        disabled={zoom.value >= ZOOM_STEPS.at(-1)!}
      >
        +
      </button>
      <button onClick={zoom.fitWidth} aria-pressed={zoom.fit} title={t('zoom.fitKey')}>
        {t('zoom.fit')}
      </button>
    </div>
  );
}
