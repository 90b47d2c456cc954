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

/** How a word's last syllable ends when read aloud: no final consonant, ㄹ, or another one. */
type Final = 'vowel' | 'rieul' | 'consonant';

/** Instruction names as Koreans read them (FROM 프롬, CMD 씨엠디, LABEL 레이블…). */
const SPOKEN: Record<string, Final> = {
  FROM: 'consonant', RUN: 'consonant', CMD: 'vowel', ENTRYPOINT: 'vowel', COPY: 'vowel', ADD: 'vowel', ENV: 'vowel', ARG: 'vowel',
  EXPOSE: 'vowel', WORKDIR: 'vowel', USER: 'vowel', LABEL: 'rieul', SHELL: 'rieul', VOLUME: 'consonant', HEALTHCHECK: 'vowel',
  ONBUILD: 'vowel', STOPSIGNAL: 'rieul', MAINTAINER: 'vowel',
};
/** 0 영, 1 일, 2 이, 3 삼, 4 사, 5 오, 6 육, 7 칠, 8 팔, 9 구. */
const DIGIT: Final[] = ['consonant', 'rieul', 'vowel', 'consonant', 'vowel', 'vowel', 'consonant', 'rieul', 'rieul', 'vowel'];

function finalOf(word: string): Final | undefined {
  const last = word.slice(-1);
  const code = last.charCodeAt(0);
  if (code >= 0xac00 && code <= 0xd7a3) {
    const jong = (code - 0xac00) % 28;
    return jong === 0 ? 'vowel' : jong === 8 ? 'rieul' : 'consonant';
  }
  if (/[0-9]/.test(last)) return DIGIT[Number(last)];
  return SPOKEN[word.toUpperCase()];
}

const PARTICLES = {
  은: ['은', '는', '은(는)'],
  이: ['이', '가', '이(가)'],
  을: ['을', '를', '을(를)'],
  과: ['과', '와', '와(과)'],
  으로: ['으로', '로', '(으)로'],
} as const;

/**
 * The word followed by the Korean particle its pronunciation takes (`CMD를`, `FROM을`, `80000은`,
 * `RUN으로`, `LABEL로`); both forms (`을(를)`) when the reading is not known, as Korean software writes.
 */
export function josa(w: string | number, particle: keyof typeof PARTICLES): string {
  const word = String(w);
  const [afterConsonant, afterVowel, both] = PARTICLES[particle];
  const f = finalOf(word);
  if (f === undefined) return word + both;
  if (particle === '으로') return word + (f === 'consonant' ? afterConsonant : afterVowel);
  return word + (f === 'vowel' ? afterVowel : afterConsonant);
}
