import { i18n } from '../../i18n/translator';
import fr from './locales/fr.json';
import en from './locales/en.json';
import { typesetDeep } from '../../i18n/typography';

/**
 * The compare view's strings travel with its lazy chunk, not in the page's
 * initial JavaScript (the first screen has a 150 KB budget). Only the captions
 * the stage shows for compare events, and the loading line, live in
 * client/i18n/locales/<lang>/compare.json, loaded with the page; this merges the
 * rest into the same `compare` namespace when the view is first opened.
 */
export function loadCompareStrings(): void {
  i18n.addResourceBundle('fr', 'compare', typesetDeep(fr, 'fr'), true, false);
  i18n.addResourceBundle('en', 'compare', en, true, false);
}
