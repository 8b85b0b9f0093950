/**
 * Open Graph and Twitter tags of award and certification pages: what a link
 * preview (LinkedIn, X, Facebook, messengers) shows. The image is the card
 * drawn by src/steps/cards/cards.ts, declared at its real size.
 */
import { CARD_HEIGHT, CARD_WIDTH } from './og-card.ts';
import { t } from '../i18n.ts';
import { awardView } from '../award-page/page-data.ts';
import type { Locale } from '../content/schema.ts';
import { LOCALE_ROWS } from '../locales/registry.ts';
import { awardLocale, pick, type PublishedAward, type SiteModel } from '../site-model.ts';
import { awardPreviewTitle, cutText, graphemeCount, TITLE_LIMIT } from './preview-title.ts';
import { siteFile, sitePaths, type SiteUrls } from '../site-urls.ts';

/** One <meta>: Open Graph uses `property`, Twitter and description use `name`. */
export interface MetaTag {
  attribute: 'property' | 'name';
  key: string;
  content: string;
}

export const OG_LOCALES = Object.fromEntries(LOCALE_ROWS.map((row) => [row.code, row.ogLocale])) as Record<
  Locale,
  string
>;

interface SocialInput {
  title: string;
  description: string;
  url: string;
  type: string;
  siteName: string;
  locale: Locale;
  alternateLocales: Locale[];
  image: string;
  imageAlt: string;
}

export function socialTags(input: SocialInput): MetaTag[] {
  const og = (key: string, content: string): MetaTag => ({ attribute: 'property', key: `og:${key}`, content });
  const tw = (key: string, content: string): MetaTag => ({ attribute: 'name', key: `twitter:${key}`, content });
  return [
    og('title', input.title),
    og('description', input.description),
    og('url', input.url),
    og('type', input.type),
    og('site_name', input.siteName),
    og('locale', OG_LOCALES[input.locale]),
    ...input.alternateLocales.map((l) => og('locale:alternate', OG_LOCALES[l])),
    og('image', input.image),
    og('image:secure_url', input.image),
    og('image:type', 'image/png'),
    og('image:width', String(CARD_WIDTH)),
    og('image:height', String(CARD_HEIGHT)),
    og('image:alt', input.imageAlt),
    // X reads og:title, og:description and og:image when its own tags are absent
    // (developer.x.com/cards/markup): repeating them would cost every page about 0.5 KB.
    tw('card', 'summary_large_image'),
    tw('image:alt', input.imageAlt),
  ].filter((tag) => tag.key !== 'og:image:secure_url' || input.image.startsWith('https:'));
}

/** Title and description of an award page in `locale` (the page's <title> and meta description too): person first. */
export function awardTitleAndDescription(
  model: SiteModel,
  entry: PublishedAward,
  urls: SiteUrls,
  locale: Locale,
): { title: string; description: string } {
  const view = awardView(model, entry, urls, locale);
  return {
    title: awardPreviewTitle(view.recipientName, view.badgeName, locale),
    description: `${view.recipientName} — ${view.badgeName} (${view.issuerName}). ${view.statusNote}`,
  };
}

/**
 * Award pages have one URL for every language, and link previews (LinkedIn, X,
 * Facebook, messengers) run no script: they show the served HTML's tags, whoever
 * reads them. The one who shares an award's link is nearly always its earner,
 * so the preview speaks the award's language (awardLocale: the earner's, else
 * the issuer's default), as its card does, and leads with the person:
 * "Name — Badge", short enough that LinkedIn and X show the name whole. One
 * page per language would give each audience a preview of its own, but costs a
 * file per award and language, and the award page budget is four files per
 * award (index.html, card.png and the two credential documents).
 */
export function awardSocialTags(model: SiteModel, entry: PublishedAward, urls: SiteUrls): MetaTag[] {
  const locale = awardLocale(entry.award, model.issuer);
  const fallback = model.issuer.defaultLocale;
  const recipient = entry.award.recipient.name;
  const { title, description } = awardTitleAndDescription(model, entry, urls, locale);
  return socialTags({
    title,
    description,
    url: urls.url(sitePaths.awardPage(entry.award.id)),
    type: 'website',
    siteName: pick(model.issuer.name, locale, fallback),
    locale,
    alternateLocales: model.issuer.locales.filter((l) => l !== locale),
    image: urls.url(sitePaths.awardCard(entry.award.id)),
    imageAlt: t(locale, 'meta.awardImageAlt', {
      badge: pick(entry.badgeClass.name, locale, fallback),
      recipient,
      issuer: pick(model.issuer.name, locale, fallback),
    }),
  });
}

export function certificationSocialTags(model: SiteModel, id: string, urls: SiteUrls, locale: Locale): MetaTag[] {
  const fallback = model.issuer.defaultLocale;
  const entry = model.badgeClassById.get(id)!;
  const name = pick(entry.name, locale, fallback);
  return socialTags({
    title: cutAtWord(name, TITLE_LIMIT, locale),
    description: pick(entry.description, locale, fallback),
    url: urls.url(sitePaths.certificationPage(id, locale, fallback)),
    type: 'website',
    siteName: pick(model.issuer.name, locale, fallback),
    locale,
    alternateLocales: model.issuer.locales.filter((l) => l !== locale),
    image: urls.url(sitePaths.certificationCard(id)),
    imageAlt: t(locale, 'meta.certificationImageAlt', { name }),
  });
}

/**
 * Tags of a site page that is about no single award or certification (home,
 * catalogs, FAQ, claim guide, claim, verify): each has a URL per language, so
 * its tags speak the page's language, with the site's card in that language.
 */
export function pageSocialTags(
  model: SiteModel,
  urls: SiteUrls,
  page: { locale: Locale; path: string; title: string; description: string },
): MetaTag[] {
  const fallback = model.issuer.defaultLocale;
  const issuer = pick(model.issuer.name, page.locale, fallback);
  const tags = socialTags({
    title: page.title,
    description: page.description,
    url: urls.url(page.path),
    type: 'website',
    siteName: issuer,
    locale: page.locale,
    alternateLocales: model.issuer.locales.filter((l) => l !== page.locale),
    image: urls.url(sitePaths.siteCard(page.locale, fallback)),
    imageAlt: t(page.locale, 'meta.siteImageAlt', { issuer }),
  });
  // A logo hosted elsewhere gets no site card (the build draws none): a preview without an image.
  if (siteFile(model.issuer.logo)) return tags;
  return tags
    .filter((tag) => !/^(og|twitter):image/.test(tag.key))
    .map((tag) => (tag.key === 'twitter:card' ? { ...tag, content: 'summary' } : tag));
}

/** A page's <title>: its own title, then the site's name (unless the title already carries it). */
export function pageTitle(model: SiteModel, locale: Locale, title: string): string {
  const issuer = pick(model.issuer.name, locale, model.issuer.defaultLocale);
  return title.includes(issuer) ? title : `${title} · ${issuer}`;
}

/** `text` in at most `limit` characters: whole, or cut at a word boundary with an ellipsis (preview-title.ts). */
export function cutAtWord(text: string, limit: number, locale?: Locale): string {
  return cutText(text, limit, locale);
}

/**
 * A certification page's <title>: the entry's name and the site's name, in TITLE_LIMIT characters. When both do
 * not fit, the site's name goes first (og:site_name still says it); a name too long alone is cut at a word.
 */
export function certificationTitle(model: SiteModel, id: string, locale: Locale): string {
  const name = pick(model.badgeClassById.get(id)!.name, locale, model.issuer.defaultLocale);
  const full = pageTitle(model, locale, name);
  return graphemeCount(full, locale) <= TITLE_LIMIT ? full : cutAtWord(name, TITLE_LIMIT, locale);
}
