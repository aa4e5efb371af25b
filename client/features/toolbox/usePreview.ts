import { useEffect, useState } from 'react';

type Preview = typeof import('./preview');

let loaded: Preview | null = null;
let loading: Promise<Preview> | null = null;

/**
 * The C preview's printer (shared/codegen, ~7 KB gzipped) comes after the first
 * paint: null until its chunk is there, then the module (loaded once for all).
 */
export function usePreview(): Preview | null {
  const [preview, setPreview] = useState(loaded);
  useEffect(() => {
    if (preview) return;
    let live = true;
    loading ??= import('./preview').then((m) => (loaded = m));
    loading.then(
      (m) => live && setPreview(m),
      () => {
        loading = null; // a failed fetch is tried again by the next form that asks
      },
    );
    return () => {
      live = false;
    };
  }, [preview]);
  return preview;
}
