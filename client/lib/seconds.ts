const formats = new Map<string, Intl.NumberFormat>();

/** Milliseconds since the session began as seconds with 3 decimals, in the language's own way (0,125 in French). */
export function formatSeconds(ms: number, lang: string): string {
  let f = formats.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(lang, { minimumFractionDigits: 3, maximumFractionDigits: 3, useGrouping: false });
    formats.set(lang, f);
  }
  return f.format(ms / 1000);
}

/** A replay speed as the language writes it: 0.25× in English, 0,25× in French. */
export const formatSpeed = (speed: number, lang: string): string => `${speed.toLocaleString(lang)}×`;
