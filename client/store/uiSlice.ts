import type { StateCreator } from 'zustand';
import type { AlloState } from './index';

export type Lang = 'fr' | 'en';

export interface UiSlice {
  lang: Lang;
  /** Bigger type and strokes for the back of a classroom. */
  largeText: boolean;
  /** Socket the person last picked on the stage (toolbox acts on it). */
  selectedSocket: string | null;
  helpOpen: boolean;
  setLang(lang: Lang): void;
  setLargeText(on: boolean): void;
  selectSocket(id: string | null): void;
  setHelpOpen(open: boolean): void;
}

const PREFS_KEY = 'allo.prefs';

function loadPrefs(): Partial<Pick<UiSlice, 'lang' | 'largeText'>> {
  try {
    return JSON.parse(globalThis.localStorage?.getItem(PREFS_KEY) ?? '{}') as Partial<UiSlice>;
  } catch {
    return {};
  }
}

function savePrefs(prefs: Pick<UiSlice, 'lang' | 'largeText'>): void {
  try {
    globalThis.localStorage?.setItem(PREFS_KEY, JSON.stringify(prefs));
  } catch {
    // Private mode or storage full: preferences just don't persist.
  }
}

/** French when the browser prefers French, English otherwise. */
export function preferredLang(languages: readonly string[] = globalThis.navigator?.languages ?? []): Lang {
  return languages[0]?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

export const createUiSlice: StateCreator<AlloState, [], [], UiSlice> = (set, get) => {
  const prefs = loadPrefs();
  return {
    lang: prefs.lang === 'fr' || prefs.lang === 'en' ? prefs.lang : preferredLang(),
    largeText: prefs.largeText === true,
    selectedSocket: null,
    helpOpen: false,
    setLang: (lang) => {
      set({ lang });
      savePrefs({ lang, largeText: get().largeText });
    },
    setLargeText: (largeText) => {
      set({ largeText });
      savePrefs({ lang: get().lang, largeText });
    },
    selectSocket: (selectedSocket) => set({ selectedSocket }),
    setHelpOpen: (helpOpen) => set({ helpOpen }),
  };
};
