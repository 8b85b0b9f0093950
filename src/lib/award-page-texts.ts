/**
 * What the award page's script says: the labels of the controls it makes (print,
 * share links, copy buttons, the embed snippet, the baked badge downloads) and
 * the words it puts in the page when the status changes or the certificate is
 * made. They are the same on every award page of a language, so the page does
 * not carry them: the script does, as one table per language built from the
 * project's i18n messages (src/lib/award-page-text-table.ts) and bundled with it
 * through a virtual module (src/integrations/award-page-texts.ts). This module
 * is what both sides share and holds no text itself, so the browser bundle
 * stays free of the i18n dictionary.
 */
import type { BakedBadgeKind } from './credentials/baked-badges.ts';
import type { EmbedParts } from './embed-markup.ts';
import type { MessageKey } from './i18n.ts';
import type { Locale } from './schema.ts';
import type { ShareTarget } from './share-urls.ts';

/** The texts by the name the script uses, and the message each comes from. Some are
 * templates with {name} placeholders, filled by fillText (checked against t() when the
 * table is made). */
export const AWARD_TEXT_KEYS = {
  print: 'certificate.print',
  copyLink: 'share.copyLink',
  copied: 'share.copied',
  copyFailed: 'share.copyFailed',
  newTab: 'share.newTab',
  embedTitle: 'embed.title',
  embedHelp: 'embed.help',
  embedCode: 'embed.code',
  embedCopy: 'embed.copy',
  /** {badge}, {recipient} */
  embedLinkTitle: 'embed.linkTitle',
  /** {name} */
  badgeImageAlt: 'award.badgeImageAlt',
  bakeFailed: 'credential.bakeFailed',
  /** The expiry fact's label once the date has passed. */
  expiredLabel: 'award.expired',
  statusExpired: 'award.status.expired',
  statusRevoked: 'award.status.revoked',
  /** {date} */
  noteExpired: 'award.statusNote.expired',
  noteRevoked: 'award.statusNote.revokedLive',
  /** {time}: the script puts a <time> there. */
  checked: 'award.statusChecked',
  checkFailed: 'award.statusCheckFailed',
  certificateKicker: 'certificate.kicker',
  certificateIntro: 'certificate.intro',
  certificateVerify: 'certificate.verifyAt',
} as const satisfies Record<string, MessageKey>;

export type AwardTexts = Record<keyof typeof AWARD_TEXT_KEYS, string> & {
  /** The BCP 47 tag the check time is written in. */
  timeLocale: string;
  /** The share links' labels. */
  share: Record<ShareTarget, string>;
  /** The baked badge buttons' labels. */
  bake: Record<BakedBadgeKind, string>;
};

export type AwardTextTable = Record<Locale, AwardTexts>;

/** Fills `{name}` placeholders (the templates above have no Korean particle forms: the table maker checks). */
export function fillText(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => vars[name] ?? placeholder);
}

/** What the embed snippet is made from, as the page's script has it: the share section's
 * address and badge name, the issuer's name, the recipient as the page names them, the
 * badge image's address (once on the page) and the language's texts. */
export function embedPartsFromPage(
  page: { pageUrl: string; image: string; badge: string; issuer: string; recipient: string },
  texts: Pick<AwardTexts, 'embedLinkTitle' | 'badgeImageAlt'>,
): EmbedParts {
  return {
    pageUrl: page.pageUrl,
    image: page.image,
    title: fillText(texts.embedLinkTitle, { badge: page.badge, recipient: page.recipient }),
    alt: fillText(texts.badgeImageAlt, { name: page.badge }),
    badge: page.badge,
    issuer: page.issuer,
  };
}
