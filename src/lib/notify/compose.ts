/**
 * One notification email: placeholder values for an award, then a complete
 * MIME message (text and HTML parts) built by nodemailer's MailComposer.
 */
import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { claimLink } from '../claims/claim-link.ts';
import { claimToken, manageToken } from '../claims/token.ts';
import { earnerPageUrl } from '../award-page/earner-link.ts';
import { formatDate } from '../i18n.ts';
import type { Award, BadgeClass, Issuer, Locale } from '../content/schema.ts';
import { pick } from '../site-model.ts';
import { sitePaths, type SiteUrls } from '../site-urls.ts';
import type { DueEmail } from './due.ts';
import { renderEmail, type EmailTemplate, type PlaceholderValues } from './templates.ts';

/** The earner's language: the award's own, else the issuer's default. */
export function earnerLocale(award: Award, issuer: Issuer): Locale {
  return award.locale && issuer.locales.includes(award.locale) ? award.locale : issuer.defaultLocale;
}

export function placeholderValues(
  due: DueEmail,
  context: { issuer: Issuer; badgeClass: BadgeClass; urls: SiteUrls; claimSecret?: string },
): PlaceholderValues {
  const { award } = due;
  const { issuer, badgeClass, urls, claimSecret } = context;
  const locale = earnerLocale(award, issuer);
  const fallback = issuer.defaultLocale;
  const badge = pick(badgeClass.name, locale, fallback);
  let claimUrl = '';
  let manageUrl = '';
  if (award.claim === 'pending') {
    if (!claimSecret) throw new Error('a claim secret is needed for claim links');
    const link = {
      awardId: award.id,
      badgeId: award.badge,
      recipientName: award.recipient.name,
      badgeName: badge,
      issuedOn: award.issuedOn,
      locale,
    };
    const claimPage = urls.url(sitePaths.claimPage(locale, fallback));
    claimUrl = claimLink(claimPage, { ...link, token: claimToken(claimSecret, award.id, award.badge) });
    // For later: the same page, the manage token (which cannot claim, as the claim token cannot manage).
    manageUrl = claimLink(claimPage, {
      ...link,
      token: manageToken(claimSecret, award.id, award.badge),
      purpose: 'manage',
    });
  }
  return {
    name: award.recipient.name,
    badge,
    issuer: pick(issuer.name, locale, fallback),
    issuerUrl: issuer.url,
    issuerEmail: issuer.email,
    issuedOn: formatDate(locale, award.issuedOn),
    expires: award.expires ? formatDate(locale, award.expires) : '',
    revokedOn: award.revoked ? formatDate(locale, award.revoked.on) : '',
    reason: award.revoked?.reason ?? '',
    // The earner's own link opens the page's "For the earner" section (share, wallet, downloads).
    pageUrl: earnerPageUrl(urls.url(sitePaths.awardPage(award.id))),
    claimUrl,
    manageUrl,
    verifyUrl: urls.url(sitePaths.verifyPage(locale, fallback)),
    supportUrl: issuer.support[0]?.url ?? issuer.url,
    reminderNumber: due.reminderNumber ? String(due.reminderNumber) : '',
  };
}

export interface NotificationMail {
  key: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
}

export function composeNotification(
  due: DueEmail,
  template: EmailTemplate,
  values: PlaceholderValues,
  options: { from: string; urls: SiteUrls; locale: Locale },
): NotificationMail {
  const rendered = renderEmail(template, values, options.locale);
  // A Message-ID derived from the key: should a crash ever make us send an
  // email twice, mail systems that de-duplicate by Message-ID drop the copy.
  const digest = createHash('sha256').update(due.key).digest('hex').slice(0, 32);
  return {
    key: due.key,
    from: options.from,
    to: due.award.recipient.email,
    ...rendered,
    messageId: `<${digest}@${new URL(options.urls.site).hostname}>`,
    headers: { 'Content-Language': options.locale, 'X-Emblem-Event': due.event, 'Auto-Submitted': 'auto-generated' },
  };
}

/** The nodemailer message fields of a notification: the same for the outbox and for SMTP. */
export function mailFields(mail: NotificationMail) {
  const { from, to, subject, text, html, messageId, headers } = mail;
  return { from, to, subject, text, html, messageId, headers };
}

/** The message as a standard .eml (RFC 5322) file. */
export async function toEml(mail: NotificationMail): Promise<Buffer> {
  const composer = new MailComposer({ ...mailFields(mail), date: new Date() });
  return composer.compile().build();
}
