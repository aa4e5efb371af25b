import type { Page } from '@playwright/test';

/**
 * Reading a page for words of the wrong language (issue 9, point 10): what a person reads or hears from it,
 * and the tell-tale words that only the other language writes. Used by every one-language scan: free mode,
 * lessons, TCP vs UDP, and the class's pages.
 */

/** Per page language: words that only the OTHER language writes (whole words, case-insensitive). */
export const TELLTALE = {
  fr: [
    'the',
    'socket is',
    'hung up',
    'dialling',
    'waiting',
    'picked up',
    'said bye',
    'received',
    'sender',
    'receiver',
    'nobody',
    'reset\\(rude\\)',
    'connected\\b(?! \\()',
  ],
  en: [
    'le',
    'la',
    'les',
    'une',
    'des',
    'décroché',
    'raccroché',
    'compose',
    'reçu',
    'envoyé',
    'connecté',
    'écoute',
    'annuaire',
    'poste',
  ],
} as const;

/** Everything a person reads or hears from the page: text, aria-labels, titles, placeholders. */
export async function pageWords(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      // Code is C, not prose; the protocol's name beside a kind is the protocol's; the language switch names
      // each language in its own words.
      if (!el || el.closest('code, pre, [data-testid="code"], .event-kind-name, [lang]:not(html)')) continue;
      if (el.closest('[hidden], [aria-hidden="true"]')) continue;
      const text = n.textContent?.trim();
      if (text) out.push(text);
    }
    for (const el of Array.from(document.querySelectorAll('[aria-label], [title], [placeholder]'))) {
      if (el.closest('[lang]:not(html)')) continue;
      for (const a of ['aria-label', 'title', 'placeholder']) {
        const v = el.getAttribute(a);
        if (v) out.push(v);
      }
    }
    return out;
  });
}

const wordsOf = (list: readonly string[]) => new RegExp(`(^|[^\\p{L}])(${list.join('|')})(?=$|[^\\p{L}])`, 'iu');

/** The words of a page in `lang` that only the other language writes. */
export function foreign(words: string[], lang: 'fr' | 'en'): string[] {
  const re = wordsOf(TELLTALE[lang]);
  // Socket labels, addresses and payloads the test typed are the session's own words.
  // The protocol's own name beside a translated word — « connecté (connected) » — is the protocol's, not English.
  const prose = (w: string) => w.replace(/\([a-z-]+\)/g, '');
  return words.filter((w) => re.test(prose(w)) && !/Bonjour|Allô/.test(w));
}

/** Some of the page's words are its own language's tell-tales: the scan did read a page in `lang`. */
export function speaks(words: string[], lang: 'fr' | 'en'): boolean {
  const re = wordsOf(TELLTALE[lang === 'fr' ? 'en' : 'fr']);
  return words.some((w) => re.test(w));
}
