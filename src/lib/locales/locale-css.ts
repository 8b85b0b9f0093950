/**
 * The stylesheet rules that name a language, made from the locale registry: which award-page locale and
 * which frame texts show (html[data-lang], or the #fragment without script), the language menu's current
 * item, and each language's font stack (`:lang(ja)` puts Japanese faces first, so kanji take Japanese forms).
 * src/styles/site.css holds the rest; src/integrations/locale-css.ts serves this as a virtual stylesheet.
 */
import type { LocaleRow } from './registry.ts';

/** The site's font stack after a language's own faces (the same as :root's in site.css). */
const SITE_STACK =
  'Pretendard, "Pretendard Fallback", "Pretendard Hangul Fallback", "Apple SD Gothic Neo", "Noto Sans KR", system-ui, sans-serif';

export function localeCss(rows: readonly Pick<LocaleRow, 'code' | 'fonts'>[]): string {
  const all = (make: (code: string) => string) => rows.map((r) => make(r.code)).join(',\n');
  const blocks = [
    `${all((l) => `html[data-lang="${l}"] .languages a[data-switch-locale="${l}"]`)},\n${all(
      (l) => `html:not([data-lang]):has(#${l}.award-locale:target) .languages a[data-switch-locale="${l}"]`,
    )} {\n  font-weight: 700;\n  text-decoration: none;\n  color: var(--ink);\n}`,
    `${all((l) => `html[data-lang="${l}"] [data-l10n="${l}"]`)},\n${all(
      (l) => `html:not([data-lang]):has(#${l}.award-locale:target) [data-l10n="${l}"]`,
    )} {\n  display: contents;\n}`,
    `${all((l) => `html[data-lang="${l}"] .award-locale[data-locale="${l}"]`)} {\n  display: block;\n}`,
    ...rows
      .filter((r) => r.fonts.page.length > 0)
      .map((r) => `:lang(${r.code}) {\n  font-family: ${r.fonts.page.join(', ')}, ${SITE_STACK};\n}`),
  ];
  return `${blocks.join('\n')}\n`;
}
