/** The language the server answers in: Korean when the client's display language is Korean, else English. */
import type { Localized } from './types';

export type Lang = 'en' | 'ko';

export function langOf(locale: string | undefined): Lang {
  return locale?.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

export function t(text: Localized, lang: Lang): string {
  return text[lang];
}

/** A phrase in both languages, for the few words features write themselves. */
export const l = (en: string, ko: string): Localized => ({ en, ko });
