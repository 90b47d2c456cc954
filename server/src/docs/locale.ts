/**
 * The language the server answers in: Korean when the client's display language is Korean, else English.
 * Texts a rule or model helper writes are `Text` (`l(en, ko)`, or a plain string during the transition):
 * lint results keep both, and the engine picks one as it emits the diagnostics of a given language.
 */
import type { Localized } from './types';

export type Lang = 'en' | 'ko';

export function langOf(locale: string | undefined): Lang {
  return locale?.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

/** A user-visible string: both languages, or a plain string (code, ids, or text not translated yet). */
export type Text = string | Localized;

/** The text in `lang`; a plain string is the same in both. */
export function t(text: Text, lang: Lang): string {
  return typeof text === 'string' ? text : text[lang];
}

/** Joins parts, any of which may be localized, into one localized text. */
export function join(...parts: Text[]): Localized {
  return { en: parts.map((p) => t(p, 'en')).join(''), ko: parts.map((p) => t(p, 'ko')).join('') };
}

/** A phrase in both languages, for the few words features write themselves. */
export const l = (en: string, ko: string): Localized => ({ en, ko });
