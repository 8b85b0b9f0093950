/**
 * What the award page's script says: the labels of the controls it makes (print,
 * share links, copy buttons, the embed snippet, the baked badge downloads) and
 * the words it puts in the page when the status changes or the certificate is
 * made. They are the same on every award page of a language, so the page does
 * not carry them: the script does, as one table per language built from the
 * project's i18n messages (src/lib/award-page/award-page-text-table.ts) and bundled with it
 * through a virtual module (src/integrations/award-page-texts.ts). This module
 * is what both sides share and holds no text itself, so the browser bundle
 * stays free of the i18n dictionary.
 */
import type { BakedBadgeKind } from '../credentials/baked-badges.ts';
import type { EmbedParts } from '../social/embed-markup.ts';
import type { MessageKey } from '../i18n.ts';
import type { Locale } from '../content/schema.ts';
import type { ShareLanguageInput, ShareTarget } from '../social/share-urls.ts';

/** The texts by the name the script uses, and the message each comes from. Some are
 * templates with {name} placeholders, filled by fillText (checked against t() when the
 * table is made). */
export const AWARD_TEXT_KEYS = {
  print: 'certificate.print',
  copyLink: 'share.copyLink',
  /** The button that opens the device's own share sheet (navigator.share). */
  shareNative: 'share.native',
  /** The Learner Credential Wallet's request link (wallet-link.ts). */
  lcwLink: 'wallet.lcw',
  copied: 'share.copied',
  copyFailed: 'share.copyFailed',
  newTab: 'share.newTab',
  /** {issuer}, {badge}: what the earner says when sharing. */
  shareText: 'share.text.valid',
  /** {issuer}, {badge}, {date} */
  shareTextExpired: 'share.text.expired',
  /** {badge} */
  emailSubject: 'share.emailSubject',
  embedTitle: 'embed.title',
  embedHelp: 'embed.help',
  embedCode: 'embed.code',
  embedCopy: 'embed.copy',
  /** {badge}, {recipient} */
  embedLinkTitle: 'embed.linkTitle',
  /** {name} */
  badgeImageAlt: 'award.badgeImageAlt',
  bakeFailed: 'credential.bakeFailed',
  offlineBundle: 'credential.offlineBundle',
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
  /** {time}: when the status was checked, as the printed certificate says it ("just now" is stale on paper). */
  certificateAsOf: 'certificate.statusAsOf',
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

/** What one language's version of an award page shows, as its script reads it. */
export interface AwardPageFacts {
  /** The page address as shared from this version (its field to copy). */
  pageUrl: string;
  badge: string;
  issuer: string;
  recipient: string;
  /** The expiry date as the page writes it, if the award expires. */
  expiry?: string;
  /** Whether the award was built expired: then what is shared says so. */
  expired: boolean;
}

/** One language's share inputs from the page: what shareInput (src/lib/social/share-links.ts) makes at build time. */
export function shareLanguageFromPage(
  facts: AwardPageFacts,
  texts: Pick<AwardTexts, 'shareText' | 'shareTextExpired' | 'emailSubject'>,
): ShareLanguageInput {
  const vars = { badge: facts.badge, issuer: facts.issuer };
  return {
    pageUrl: facts.pageUrl,
    badge: facts.badge,
    organizationName: facts.issuer,
    text:
      facts.expired && facts.expiry
        ? fillText(texts.shareTextExpired, { ...vars, date: facts.expiry })
        : fillText(texts.shareText, vars),
    emailSubject: fillText(texts.emailSubject, { badge: facts.badge }),
  };
}

/** The embed snippet's parts from the page and the badge image's address (once on the page): what
 * embedParts (src/lib/social/embed.ts) makes at build time. */
export function embedPartsFromPage(
  facts: AwardPageFacts,
  image: string,
  texts: Pick<AwardTexts, 'embedLinkTitle' | 'badgeImageAlt'>,
): EmbedParts {
  return {
    pageUrl: facts.pageUrl,
    image,
    title: fillText(texts.embedLinkTitle, { badge: facts.badge, recipient: facts.recipient }),
    alt: fillText(texts.badgeImageAlt, { name: facts.badge }),
    badge: facts.badge,
    issuer: facts.issuer,
  };
}
