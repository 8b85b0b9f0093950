/**
 * Page data: what each page shows, computed from the site model. Pages only
 * render these objects, so everything a page says is unit-testable here.
 */
import type { AwardStatus } from '../eligibility.ts';
import { atLineStart, dateAttribute, dateLocaleTag, formatDate, t } from '../i18n.ts';
import type { Locale, Skill } from '../content/schema.ts';
import { pick, type PublishedAward, type SiteModel } from '../site-model.ts';
import type { PublicAward } from '../content/schema.ts';
import { sitePaths, type SiteUrls } from '../site-urls.ts';

export interface Link {
  href: string;
  label: string;
}

export interface AwardView {
  locale: Locale;
  badgeName: string;
  badgeDescription: string;
  kindLabel: string;
  levelLabel?: string;
  code?: string;
  issuerName: string;
  issuerUrl: string;
  recipientName: string;
  /** The earner's profile page (only when they chose one), and its link text. */
  profile?: { href: string; label: string };
  imageSrc: string;
  imageAlt: string;
  status: AwardStatus;
  statusLabel: string;
  statusNote: string;
  revocationReason?: string;
  retiredNote?: string;
  stateAsOf: string;
  /** Said instead when the page could not check the status as it is viewed. */
  stateAsOfBuild: string;
  /** The status note once the award has expired (for the page script), if it expires. */
  expiredNote?: string;
  /** BCP 47 tag the page script formats times with. */
  dateLocale: string;
  issuedOn: string;
  expires?: string;
  /** The same dates for <time datetime> (YYYY-MM-DD). */
  issuedOnDate: string;
  expiresDate?: string;
  criteriaText?: string;
  criteriaUrl?: string;
  /** Each skill, linked to the catalog page that teaches it (skillLinks), else to its definition, if any. */
  skills: { label: string; href?: string }[];
  /** Each requirement: one exam, or a choice of several. */
  requires: { oneOf: boolean; exams: Link[] }[];
  evidence: { url?: string; narrative?: string }[];
  certificationPage: Link;
}

export function awardView(model: SiteModel, entry: PublishedAward, urls: SiteUrls, locale: Locale): AwardView {
  const { award, badgeClass, state } = entry;
  const fallback = model.issuer.defaultLocale;
  const badgeName = pick(badgeClass.name, locale, fallback);
  const kind = t(locale, `kind.${badgeClass.kind}`);
  const dateOf = (value: string) => formatDate(locale, value);
  const statusNote =
    state.status === 'revoked'
      ? t(locale, 'award.statusNote.revoked', { date: dateOf(award.revoked!.on) })
      : state.status === 'expired'
        ? t(locale, 'award.statusNote.expired', { date: dateOf(award.expires!) })
        : t(locale, 'award.statusNote.valid');
  return {
    locale,
    badgeName,
    badgeDescription: pick(badgeClass.description, locale, fallback),
    // The eyebrow starts with it ("Certification · NT-300C · Associate"); the retired note uses `kind` mid-sentence.
    kindLabel: atLineStart(locale, kind),
    levelLabel: badgeClass.level ? t(locale, `level.${badgeClass.level}`) : undefined,
    code: badgeClass.code,
    issuerName: pick(model.issuer.name, locale, fallback),
    issuerUrl: model.issuer.url,
    recipientName: award.recipient.name,
    profile: profileLink(model, award, urls, locale),
    imageSrc: urls.path(badgeClass.image),
    imageAlt: t(locale, 'award.badgeImageAlt', { name: badgeName }),
    status: state.status,
    statusLabel: t(locale, `award.status.${state.status}`),
    statusNote,
    revocationReason: state.status === 'revoked' ? award.revoked!.reason : undefined,
    retiredNote: state.retiredOn ? t(locale, 'award.retired', { kind, date: dateOf(state.retiredOn) }) : undefined,
    // No build date: a page changes only when its award does, so daily builds leave it (and CDN caches) alone.
    stateAsOf: t(locale, 'award.stateAsOf'),
    stateAsOfBuild: t(locale, 'award.statusCheckFailed'),
    expiredNote: award.expires ? t(locale, 'award.statusNote.expired', { date: dateOf(award.expires) }) : undefined,
    dateLocale: dateLocaleTag(locale),
    issuedOn: dateOf(award.issuedOn),
    expires: award.expires ? dateOf(award.expires) : undefined,
    issuedOnDate: dateAttribute(award.issuedOn),
    expiresDate: award.expires ? dateAttribute(award.expires) : undefined,
    criteriaText: badgeClass.criteria.text ? pick(badgeClass.criteria.text, locale, fallback) : undefined,
    criteriaUrl: badgeClass.criteria.url,
    skills: badgeClass.skills.map((s) => {
      const teacher = skillTeacher(model, badgeClass.id, s);
      return {
        label: pick(s.name, locale, fallback),
        href: teacher ? urls.path(sitePaths.certificationPage(teacher, locale, fallback)) : s.url,
      };
    }),
    requires: badgeClass.requires.map((req) => {
      const ids = typeof req === 'string' ? [req] : req.oneOf;
      return {
        oneOf: typeof req !== 'string',
        exams: ids.map((id) => {
          const exam = model.badgeClassById.get(id)!;
          return {
            href: urls.path(sitePaths.certificationPage(id, locale, fallback)),
            label: pick(exam.name, locale, fallback),
          };
        }),
      };
    }),
    evidence: award.evidence,
    certificationPage: {
      href: urls.path(sitePaths.certificationPage(badgeClass.id, locale, fallback)),
      label: t(locale, 'award.certificationPage', { name: badgeName }),
    },
  };
}

/** A skill's key for matching across the catalog: the framework's code when it names one, else its name
 * in the issuer's default language (the language every entry has). */
function skillKey(model: SiteModel, skill: Skill): string {
  if (skill.framework && skill.code) return `code:${skill.framework}\u0000${skill.code}`;
  return `name:${pick(skill.name, model.issuer.defaultLocale).trim().toLowerCase()}`;
}

const teachersOf = new WeakMap<SiteModel, Map<string, string[]>>();

/** The catalog entry whose page teaches `skill` of entry `id`: another active entry with a badge that
 * lists the same skill, the entry's required exams first. The index is made once per model. */
function skillTeacher(model: SiteModel, id: string, skill: Skill): string | undefined {
  let index = teachersOf.get(model);
  if (!index) {
    index = new Map();
    for (const entry of model.catalog) {
      if (entry.status !== 'active' || !model.decisions.get(entry.id)?.hasBadge) continue;
      for (const s of entry.skills) {
        const key = skillKey(model, s);
        index.set(key, [...(index.get(key) ?? []), entry.id]);
      }
    }
    teachersOf.set(model, index);
  }
  const teachers = (index.get(skillKey(model, skill)) ?? []).filter((t) => t !== id);
  const required = new Set(
    model.badgeClassById.get(id)?.requires.flatMap((r) => (typeof r === 'string' ? [r] : r.oneOf)),
  );
  return teachers.find((t) => required.has(t)) ?? teachers[0];
}

/** Revoked awards stay reachable but out of search engines and the sitemap. */
export function isNoindex(entry: PublishedAward): boolean {
  return entry.state.status === 'revoked';
}

export interface CatalogEntryView {
  id: string;
  href: string;
  name: string;
  description: string;
  kindLabel: string;
  code?: string;
  levelLabel?: string;
  imageSrc: string;
  retiredOn?: string;
  /** The retirement date itself (ISO 8601), for a <time> element. */
  retiredOnDate?: string;
  hasBadge: boolean;
  /** Why there is no badge, in the reader's language. */
  noBadgeNote?: string;
}

export function catalogEntryView(model: SiteModel, id: string, urls: SiteUrls, locale: Locale): CatalogEntryView {
  const entry = model.badgeClassById.get(id)!;
  const fallback = model.issuer.defaultLocale;
  const decision = model.decisions.get(id)!;
  const noBadgeNote = decision.hasBadge
    ? undefined
    : decision.reason === 'excluded'
      ? `${t(locale, 'cert.noBadge.excluded')} ${pick(decision.detail, locale, fallback)}`
      : t(locale, `cert.noBadge.${decision.reason}`, { name: pick(decision.detail, locale, fallback) });
  return {
    id,
    href: urls.path(sitePaths.certificationPage(id, locale, fallback)),
    name: pick(entry.name, locale, fallback),
    description: pick(entry.description, locale, fallback),
    kindLabel: atLineStart(locale, t(locale, `kind.${entry.kind}`)),
    code: entry.code,
    levelLabel: entry.level ? t(locale, `level.${entry.level}`) : undefined,
    imageSrc: urls.path(entry.image),
    retiredOn: entry.retiredOn
      ? t(locale, 'catalog.retiredOn', { date: formatDate(locale, entry.retiredOn) })
      : undefined,
    retiredOnDate: entry.retiredOn,
    hasBadge: decision.hasBadge,
    noBadgeNote,
  };
}

/** Active entries that carry a badge, certifications first, then by code. */
export function activeCatalog(model: SiteModel): string[] {
  return model.catalog
    .filter((b) => b.status === 'active' && model.decisions.get(b.id)!.hasBadge)
    .sort((a, b) => a.kind.localeCompare(b.kind) || (a.code ?? a.id).localeCompare(b.code ?? b.id))
    .map((b) => b.id);
}

/** Retired entries, most recently retired first. */
export function retiredCatalog(model: SiteModel): string[] {
  return model.catalog
    .filter((b) => b.status === 'retired')
    .sort((a, b) => b.retiredOn!.localeCompare(a.retiredOn!) || a.id.localeCompare(b.id))
    .map((b) => b.id);
}

/** getStaticPaths entries for a page that exists once per locale: the default
 * locale at the root (lang undefined), the others under /<locale>/. */
export function localePaths(model: SiteModel): { params: { lang: string | undefined }; props: { locale: Locale } }[] {
  return model.issuer.locales.map((locale) => ({
    params: { lang: locale === model.issuer.defaultLocale ? undefined : locale },
    props: { locale },
  }));
}

/** Published awards per catalog id that are not revoked (what a certification page counts). */
export function publishedCounts(model: SiteModel): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of model.published)
    if (p.state.status !== 'revoked') counts.set(p.badgeClass.id, (counts.get(p.badgeClass.id) ?? 0) + 1);
  return counts;
}

function profileLink(model: SiteModel, award: PublicAward, urls: SiteUrls, locale: Locale) {
  const profile = model.profileByAwardId.get(award.id);
  if (!profile) return undefined;
  return {
    href: urls.path(sitePaths.profilePage(profile.id, locale, model.issuer.defaultLocale)),
    label: t(locale, 'profile.link', { name: award.recipient.name }),
  };
}
