/**
 * The page's translator: what Allô used of i18next, in a tenth of its bytes
 * (i18next and react-i18next were 17.6 KB of the initial JavaScript, gzipped).
 *
 * - strings live in namespaces (one JSON file per feature and language), nested
 *   objects whose path is the key: `t('card.paused')`, or `t('common:nav.side')`
 *   for another namespace;
 * - `{{name}}` is replaced by the option of that name (React escapes the text);
 * - with `count`, the key's plural form for the language comes first
 *   (`key_one`, `key_many`… from Intl.PluralRules), then `key_other`, then `key`;
 * - an array of keys is tried in order, each in the language and then in the
 *   fallback language; a key found nowhere gives `defaultValue`, or itself.
 *
 * The page uses the one instance `i18n` (client/i18n/index.ts fills it and
 * follows the store's language); tests make their own with `createInstance()`.
 */

export interface TOptions {
  /** The namespace of keys without a `ns:` prefix (default: the t's own, else `defaultNS`). */
  ns?: string;
  /** A number picks the plural form; either is interpolated as `{{count}}` (a string picks no plural, as in i18next). */
  count?: number | string;
  /** The text when no key is found. */
  defaultValue?: string;
  /** Another language than the instance's current one. */
  lng?: string;
  [value: string]: unknown;
}

export type TFunction = (key: string | readonly string[], options?: TOptions) => string;

type Bundle = Record<string, unknown>;

export interface InitOptions {
  lng?: string;
  /** The language a missing string is taken from; `false`: none. */
  fallbackLng?: string | false;
  defaultNS?: string;
  /** { lang: { namespace: strings } } */
  resources?: Record<string, Record<string, object>>;
  /** Accepted for i18next's option shape; nothing is escaped (React does it). */
  interpolation?: { escapeValue?: boolean };
}

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;

/** The value at `path` (split on dots) in nested objects; a key may itself hold dots, the longest wins. */
function find(node: unknown, parts: readonly string[], from = 0): string | undefined {
  if (from === parts.length) return typeof node === 'string' ? node : undefined;
  if (typeof node !== 'object' || node === null) return undefined;
  for (let end = parts.length; end > from; end--) {
    const child = (node as Bundle)[parts.slice(from, end).join('.')];
    if (child === undefined) continue;
    const found = find(child, parts, end);
    if (found !== undefined) return found;
  }
  return undefined;
}

const isObject = (v: unknown): v is Bundle => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `into` with `from`'s strings added (nested objects merged); `overwrite` decides between two strings. */
function merge(into: Bundle, from: Bundle, overwrite: boolean): Bundle {
  const out: Bundle = { ...into };
  for (const [k, v] of Object.entries(from)) {
    const old = out[k];
    if (isObject(old) && isObject(v)) out[k] = merge(old, v, overwrite);
    else if (old === undefined || overwrite) out[k] = v;
  }
  return out;
}

export class Translator {
  language = '';
  private fallback: string | false = 'en';
  private defaultNS = 'common';
  private readonly store = new Map<string, Map<string, Bundle>>();
  private readonly plurals = new Map<string, Intl.PluralRules>();
  private readonly listeners = new Set<() => void>();
  /** Bumped on every change of language or strings: what a React view subscribes to. */
  revision = 0;

  async init(options: InitOptions = {}): Promise<this> {
    this.fallback = options.fallbackLng ?? 'en';
    this.defaultNS = options.defaultNS ?? 'common';
    for (const [lang, namespaces] of Object.entries(options.resources ?? {}))
      for (const [ns, bundle] of Object.entries(namespaces)) this.addResourceBundle(lang, ns, bundle, true, true);
    if (options.lng) await this.changeLanguage(options.lng);
    return this;
  }

  /** Adds one namespace's strings for a language (merged with those already there when `deep`). */
  addResourceBundle(lang: string, ns: string, strings: object, deep = false, overwrite = false): this {
    const bundle = strings as Bundle;
    let byNs = this.store.get(lang);
    if (!byNs) this.store.set(lang, (byNs = new Map()));
    const old = byNs.get(ns);
    // As i18next: deep merges nested objects (`overwrite` decides between two strings), else a shallow merge.
    byNs.set(ns, !old ? bundle : deep ? merge(old, bundle, overwrite) : { ...old, ...bundle });
    this.changed();
    return this;
  }

  async changeLanguage(lang: string): Promise<void> {
    if (lang === this.language) return;
    this.language = lang;
    this.changed();
  }

  /** Calls `listener` after every change of language or strings; returns the unsubscribe. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  /** Whether the key has a string (in the language or its fallback). */
  exists(key: string, options: { ns?: string; lng?: string } = {}): boolean {
    return this.resolve([key], options.ns ?? this.defaultNS, options.lng ?? this.language, undefined) !== undefined;
  }

  t: TFunction = (key, options) => this.translate(key, options, undefined, undefined);

  /** A t bound to a language (`null`: the current one, when called) and a namespace. */
  getFixedT(lang: string | null, ns?: string): TFunction {
    return (key, options) => this.translate(key, options, lang ?? undefined, ns);
  }

  createInstance(): Translator {
    return new Translator();
  }

  private translate(
    key: string | readonly string[],
    options: TOptions = {},
    fixedLang: string | undefined,
    fixedNs: string | undefined,
  ): string {
    const keys = typeof key === 'string' ? [key] : key;
    const lang = options.lng ?? fixedLang ?? this.language;
    const text =
      this.resolve(
        keys,
        options.ns ?? fixedNs ?? this.defaultNS,
        lang,
        typeof options.count === 'number' ? options.count : undefined,
      ) ??
      options.defaultValue ??
      (keys.at(-1) ?? '').replace(/^[\w-]+:/, '');
    return text.includes('{{') ? text.replace(PLACEHOLDER, (_, name: string) => String(options[name] ?? '')) : text;
  }

  private resolve(keys: readonly string[], ns: string, lang: string, count: number | undefined): string | undefined {
    const langs = this.fallback && this.fallback !== lang ? [lang, this.fallback] : [lang];
    for (const full of keys) {
      const colon = full.indexOf(':');
      const [space, key] = colon > 0 ? [full.slice(0, colon), full.slice(colon + 1)] : [ns, full];
      for (const l of langs) {
        const bundle = this.store.get(l)?.get(space);
        if (!bundle) continue;
        const candidates = count === undefined ? [key] : [`${key}_${this.pluralOf(l, count)}`, `${key}_other`, key];
        for (const c of candidates) {
          const found = find(bundle, c.split('.'));
          if (found !== undefined) return found;
        }
      }
    }
    return undefined;
  }

  private pluralOf(lang: string, count: number): Intl.LDMLPluralRule {
    let rules = this.plurals.get(lang);
    if (!rules) this.plurals.set(lang, (rules = new Intl.PluralRules(lang)));
    return rules.select(count);
  }

  private changed(): void {
    this.revision++;
    for (const l of this.listeners) l();
  }
}

/** The page's one translator. */
export const i18n = new Translator();

/** A separate translator (tests). */
export const createInstance = (): Translator => new Translator();
