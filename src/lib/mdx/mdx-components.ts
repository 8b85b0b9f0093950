/**
 * What the editors' MDX components show, computed from the site model so that
 * nothing in an MDX page is retyped from the catalog (and cannot drift from
 * what the build enforces). The .astro components in src/components/mdx/
 * only render these values.
 */
import type { NoBadgeReason } from '../eligibility.ts';
import { formatDate, t } from '../i18n.ts';
import { safeUrlSchema, type Locale } from '../content/schema.ts';
import { pick, type SiteModel } from '../site-model.ts';
import { sitePaths, type SiteUrls } from '../site-urls.ts';

// ---------------------------------------------------------------- FAQ

/** A question's anchor: what support agents link to, so it is chosen by the
 * editor once and kept when the wording changes. */
export const QUESTION_ID = /^[a-z0-9][a-z0-9-]*$/;

export interface FaqQuestion {
  id: string;
  question: string;
  /** The answer as plain text (for structured data). */
  answer: string;
}

/** schema.org FAQPage for a page's questions, ready for a `<script type="application/ld+json">`. */
export function faqPageJsonLd(page: {
  url: string;
  locale: Locale;
  name: string;
  questions: readonly FaqQuestion[];
}): string {
  const data = {
    '@context': 'https://schema.org',
    '@type': 'FAQPage',
    url: page.url,
    name: page.name,
    inLanguage: page.locale,
    mainEntity: page.questions.map((q) => ({
      '@type': 'Question',
      '@id': `${page.url}#${q.id}`,
      name: q.question,
      acceptedAnswer: { '@type': 'Answer', text: q.answer },
    })),
  };
  // "<" escaped so that no text can close the script element.
  return JSON.stringify(data).replace(/</g, '\\u003c');
}

// ---------------------------------------------------------------- catalog links and tables

export interface CertLinkView {
  href: string;
  label: string;
}

/** A link to a certification or exam page by catalog id; an unknown id is an error. */
export function certLink(model: SiteModel, urls: SiteUrls, id: string, locale: Locale): CertLinkView {
  const entry = model.badgeClassById.get(id);
  if (!entry) {
    throw new Error(
      `<CertLink id="${id}">: no certification or exam with this id in the catalog (content/certifications/)`,
    );
  }
  const d = model.issuer.defaultLocale;
  return { href: urls.path(sitePaths.certificationPage(id, locale, d)), label: pick(entry.name, locale, d) };
}

export type EligibilityList = 'no-badge' | 'retired';

export interface EligibilityRow {
  id: string;
  code: string;
  name: string;
  href: string;
  kindLabel: string;
  /** Why there is no badge ('no-badge'), or what happens to badges ('retired'). */
  note: string;
  retiredOn?: string;
  /** The retirement date itself (ISO 8601), for a <time> element. */
  retiredOnDate?: string;
  hasBadge: boolean;
}

const REASON_ORDER: NoBadgeReason[] = ['excluded', 'single-exam-certification', 'retired-without-badge'];

/**
 * Rows for the eligibility table. 'no-badge': every catalog entry the program
 * rules leave without a badge, with the reason; 'retired': every retired
 * entry, newest first, and whether badges earned before retirement exist.
 */
export function eligibilityRows(
  model: SiteModel,
  urls: SiteUrls,
  locale: Locale,
  list: EligibilityList,
): EligibilityRow[] {
  const d = model.issuer.defaultLocale;
  const row = (id: string, note: string): EligibilityRow => {
    const entry = model.badgeClassById.get(id)!;
    return {
      id,
      code: entry.code ?? '',
      name: pick(entry.name, locale, d),
      href: urls.path(sitePaths.certificationPage(id, locale, d)),
      kindLabel: t(locale, `kind.${entry.kind}`),
      note,
      retiredOn: entry.retiredOn ? formatDate(locale, entry.retiredOn) : undefined,
      retiredOnDate: entry.retiredOn,
      hasBadge: model.decisions.get(id)!.hasBadge,
    };
  };
  const byCode = (a: { code?: string; id: string }, b: { code?: string; id: string }) =>
    (a.code ?? a.id).localeCompare(b.code ?? b.id);
  if (list === 'retired') {
    return model.catalog
      .filter((b) => b.status === 'retired')
      .sort((a, b) => b.retiredOn!.localeCompare(a.retiredOn!) || byCode(a, b))
      .map((b) =>
        row(
          b.id,
          model.decisions.get(b.id)!.hasBadge
            ? t(locale, 'eligibility.retiredKeepsBadge')
            : t(locale, 'catalog.noBadge'),
        ),
      );
  }
  const rows: { reason: NoBadgeReason; entry: (typeof model.catalog)[number]; note: string }[] = [];
  for (const entry of model.catalog) {
    const decision = model.decisions.get(entry.id)!;
    if (decision.hasBadge) continue;
    const note =
      decision.reason === 'excluded'
        ? pick(decision.detail, locale, d)
        : t(locale, `cert.noBadge.${decision.reason}`, { name: pick(decision.detail, locale, d) });
    rows.push({ reason: decision.reason, entry, note });
  }
  return rows
    .sort((a, b) => REASON_ORDER.indexOf(a.reason) - REASON_ORDER.indexOf(b.reason) || byCode(a.entry, b.entry))
    .map((r) => row(r.entry.id, r.note));
}

// ---------------------------------------------------------------- video

export type VideoSource =
  | { kind: 'youtube'; url: string; host: string; embedUrl: string }
  | { kind: 'file'; url: string; host: string }
  | { kind: 'link'; url: string; host: string };

const YOUTUBE_ID = /^[A-Za-z0-9_-]{6,20}$/;

/**
 * How a video can be shown: YouTube as a click-to-load player from the
 * no-cookie domain, a video file as a click-to-load <video>, anything else as
 * a plain link. Nothing is requested from the video's host until the reader
 * asks for it.
 */
export function videoSource(url: string): VideoSource {
  const checked = safeUrlSchema.safeParse(url);
  if (!checked.success) throw new Error(`<VideoLink url="${url}">: ${checked.error.issues[0]!.message}`);
  const parsed = new URL(checked.data);
  const host = parsed.hostname.replace(/^www\./, '');
  let id: string | null = null;
  if (host === 'youtube.com' || host === 'm.youtube.com' || host === 'youtube-nocookie.com') {
    id =
      parsed.pathname === '/watch'
        ? parsed.searchParams.get('v')
        : (/^\/(?:embed|shorts|live)\/([^/]+)/.exec(parsed.pathname)?.[1] ?? null);
  } else if (host === 'youtu.be') {
    id = parsed.pathname.slice(1).split('/')[0] ?? null;
  }
  if (id && YOUTUBE_ID.test(id)) {
    return {
      kind: 'youtube',
      url: checked.data,
      host,
      embedUrl: `https://www.youtube-nocookie.com/embed/${id}?autoplay=1`,
    };
  }
  if (/\.(mp4|webm|ogv|ogg)$/i.test(parsed.pathname)) return { kind: 'file', url: checked.data, host };
  return { kind: 'link', url: checked.data, host };
}
