/**
 * Which language a piece of text is in, where the text itself says so: Hangul
 * is written for Korean only, so Hangul in an English page (a recipient's name,
 * a revocation reason the issuer wrote in Korean) is Korean and gets `lang="ko"`,
 * and screen readers read it with a Korean voice. Other scripts say nothing
 * certain (Latin letters are many languages), so they are left unmarked.
 */
const HANGUL = /\p{Script=Hangul}/u;
/** A stretch of Korean: Hangul, and the spaces, digits and punctuation between Hangul words. */
const KOREAN_RUN = /\p{Script=Hangul}(?:[\p{Script=Hangul}\s\d.,·'"()~-]*\p{Script=Hangul})?/gu;

export function hasHangul(text: string): boolean {
  return HANGUL.test(text);
}

/** The text cut into Korean and other runs, in order; together they are the whole text. */
export function koreanRuns(text: string): { text: string; korean: boolean }[] {
  const runs: { text: string; korean: boolean }[] = [];
  let at = 0;
  for (const match of text.matchAll(KOREAN_RUN)) {
    if (match.index > at) runs.push({ text: text.slice(at, match.index), korean: false });
    runs.push({ text: match[0], korean: true });
    at = match.index + match[0].length;
  }
  if (at < text.length) runs.push({ text: text.slice(at), korean: false });
  return runs;
}
