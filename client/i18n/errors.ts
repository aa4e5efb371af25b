import type { Translator as I18n } from './translator';
/**
 * What the page needs of a refusal: its stable code, and the sub-code and limit when there are. Any
 * string: an error event's errno name, or a code a newer server added, still gets a sentence.
 */
export type ErrorLike = { code: string; reason?: string; limit?: string };

/**
 * A server error in the page's language, from its stable code (and `reason`
 * sub-code): never the server's English sentence, which stays for scripts. The
 * most specific translation wins — code + reason, then the code, then the errno
 * name — and an unknown code still gets a translated sentence naming it.
 */
export function errorText(error: ErrorLike, i18n: I18n): string {
  const t = i18n.getFixedT(null, 'errors');
  const has = (key: string) => i18n.exists(key, { ns: 'errors' });
  if (error.reason && has(`reason.${error.code}.${error.reason}`)) return t(`reason.${error.code}.${error.reason}`);
  if (has(`code.${error.code}`)) {
    const limit = error.limit ? (has(`limit.${error.limit}`) ? t(`limit.${error.limit}`) : error.limit) : '';
    return t(`code.${error.code}`, { limit });
  }
  if (has(`errno.${error.code}`)) return t(`errno.${error.code}`);
  return t('unknown', { code: error.code });
}
