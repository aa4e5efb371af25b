import { useEffect, useState } from 'react';
import { useAllo } from '../store';

const read = () =>
  typeof document === 'undefined' ? 16 : parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;

/**
 * The page's root font size in pixels. The shell scales type with the screen
 * and the large-text option; pixel geometry (virtual rows, the diagram) follows it.
 */
export function useRootFontSize(): number {
  const large = useAllo((s) => s.largeText);
  const [size, setSize] = useState(read);
  useEffect(() => {
    // The class is toggled in an effect too: read after it has applied.
    const raf = requestAnimationFrame(() => setSize(read()));
    const onResize = () => setSize(read());
    window.addEventListener('resize', onResize);
    return () => {
      cancelAnimationFrame(raf);
      window.removeEventListener('resize', onResize);
    };
  }, [large]);
  return size;
}
