/**
 * The award page script's text table (src/lib/award-page/award-page-texts.ts), made from the
 * i18n messages at build time: by the Vite plugin that bundles it with the script
 * (src/integrations/award-page-texts.ts), and by the tests.
 */
import { AWARD_TEXT_KEYS, type AwardTexts, type AwardTextTable, fillText } from './award-page-texts.ts';
import { BAKED_BADGE_KINDS, type BakedBadgeKind } from '../credentials/baked-badges.ts';
import { dateLocaleTag, messages, t } from '../i18n.ts';
import { LOCALES, type Locale } from '../content/schema.ts';
import { shareLabel } from '../social/share-links.ts';
import { SHARE_TARGETS, type ShareTarget } from '../social/share-urls.ts';

const BAKE_KEYS = {
  'ob3-png': 'credential.ob3Png',
  'ob3-svg': 'credential.ob3Svg',
  'ob2-png': 'credential.ob2Png',
} as const satisfies Record<BakedBadgeKind, string>;

/** One language's texts. A template the script could not fill as t() does (a Korean
 * particle after a placeholder needs es-hangul) stops the build. */
export function awardPageTexts(locale: Locale): AwardTexts {
  const texts = {} as Record<keyof typeof AWARD_TEXT_KEYS, string>;
  for (const [name, key] of Object.entries(AWARD_TEXT_KEYS) as [
    keyof typeof AWARD_TEXT_KEYS,
    (typeof AWARD_TEXT_KEYS)[keyof typeof AWARD_TEXT_KEYS],
  ][]) {
    const template = messages[locale][key];
    const sample = Object.fromEntries([...template.matchAll(/\{(\w+)\}/g)].map(([, v]) => [v!, '누리테크']));
    if (fillText(template, sample) !== t(locale, key, sample))
      throw new Error(`${locale} message ${key}: the award page script cannot fill "${template}"`);
    texts[name] = template;
  }
  return {
    ...texts,
    timeLocale: dateLocaleTag(locale),
    share: Object.fromEntries(SHARE_TARGETS.map((target) => [target, shareLabel(locale, target)])) as Record<
      ShareTarget,
      string
    >,
    bake: Object.fromEntries(BAKED_BADGE_KINDS.map((kind) => [kind, t(locale, BAKE_KEYS[kind])])) as Record<
      BakedBadgeKind,
      string
    >,
  };
}

/** Every language's texts. */
export function awardPageTextTable(): AwardTextTable {
  return Object.fromEntries(LOCALES.map((locale) => [locale, awardPageTexts(locale)])) as AwardTextTable;
}
