/**
 * Content -> what the site publishes: the badge decision of every catalog
 * entry, the published awards with their state, and what was withheld and why.
 */
import type { Content } from './content/content-model.ts';
import {
  awardState,
  badgeDecisions,
  publicationDecision,
  type AwardState,
  type BadgeDecision,
  type WithheldReason,
} from './eligibility.ts';
import type { BadgeClass, Issuer, Locale, LocalizedText, ProgramRules, PublicAward } from './content/schema.ts';

/** Pages get awards without emails (PublicAward); the credential builder gets full awards. */
export interface PublishedAward<A extends PublicAward = PublicAward> {
  award: A;
  badgeClass: BadgeClass;
  state: AwardState;
}

export interface WithheldAward {
  id: string;
  file: string;
  badge: string;
  reason: WithheldReason;
}

export interface SiteModel<A extends PublicAward = PublicAward> {
  issuer: Issuer;
  rules: ProgramRules;
  catalog: BadgeClass[];
  badgeClassById: Map<string, BadgeClass>;
  decisions: Map<string, BadgeDecision>;
  published: PublishedAward<A>[];
  publishedById: Map<string, PublishedAward<A>>;
  withheld: WithheldAward[];
  /** Earners who chose a profile page and have a published, unrevoked award to show on it. */
  profiles: EarnerProfile<A>[];
  /** The profile an award's page links to, when its earner has one. */
  profileByAwardId: Map<string, EarnerProfile<A>>;
  /** The moment states were computed for (build time). */
  now: Date;
}

export interface EarnerProfile<A extends PublicAward = PublicAward> {
  id: string;
  indexed: boolean;
  since: string;
  /** Published, unrevoked, newest first. */
  awards: PublishedAward<A>[];
}

export type SiteContent<A extends PublicAward> = Omit<Content, 'awards'> & { awards: A[] };

export function buildSiteModel<A extends PublicAward>(content: SiteContent<A>, now: Date): SiteModel<A> {
  const decisions = badgeDecisions(content.badgeClasses, content.rules);
  const badgeClassById = new Map(content.badgeClasses.map((b) => [b.id, b]));
  const published: PublishedAward<A>[] = [];
  const withheld: WithheldAward[] = [];
  for (const award of content.awards) {
    const badgeClass = badgeClassById.get(award.badge)!;
    const decision = publicationDecision(award, decisions.get(award.badge)!, now);
    if (decision.published) published.push({ award, badgeClass, state: awardState(award, badgeClass, now) });
    else
      withheld.push({
        id: award.id,
        file: content.sources.get(award.id) ?? '',
        badge: award.badge,
        reason: decision.reason,
      });
  }
  const publishedById = new Map(published.map((p) => [p.award.id, p]));
  // A profile shows what a visitor may see of the earner anyway: their public award pages, not revoked ones.
  const profiles = (content.profiles ?? []).flatMap(({ awardIds, ...profile }) => {
    const awards = awardIds
      .map((id) => publishedById.get(id))
      .filter((entry): entry is PublishedAward<A> => entry !== undefined && entry.state.status !== 'revoked')
      .sort((a, b) => Date.parse(b.award.issuedOn) - Date.parse(a.award.issuedOn));
    return awards.length ? [{ ...profile, awards }] : [];
  });
  return {
    issuer: content.issuer,
    rules: content.rules,
    catalog: content.badgeClasses,
    badgeClassById,
    decisions,
    published,
    publishedById,
    withheld,
    profiles,
    profileByAwardId: new Map(profiles.flatMap((p) => p.awards.map((entry) => [entry.award.id, p] as const))),
    now,
  };
}

const REASON_TEXT: Record<WithheldReason, string> = {
  private: 'recipient chose private',
  pending: 'not yet claimed',
  excluded: 'badge is on the exclusion list',
  'single-exam-certification': 'exam of a single-exam certification (only the certification has a badge)',
  'retired-without-badge': 'retired without a badge',
  'not-yet-issued':
    'issued in the future (issuedOn is after the build moment): published by the first build on or after that date',
};

/** A short, human report of what the build left out (normal for records exports). */
export function withheldReport(model: SiteModel<PublicAward>, listPerReason = 5): string {
  const lines = [`Published ${model.published.length} award(s); left out ${model.withheld.length}.`];
  if (model.rules.allowGuessableAwardIds) {
    lines.unshift(
      'WARNING: program-rules.yaml sets allowGuessableAwardIds (meant for test fixtures only): awards with sequential or patterned ids are published, and anyone can guess their URLs.',
    );
  }
  const byReason = Map.groupBy(model.withheld, (w) => w.reason);
  for (const [reason, entries] of byReason) {
    lines.push(`  ${entries.length} × ${REASON_TEXT[reason]}`);
    for (const w of entries.slice(0, listPerReason)) lines.push(`      ${w.id} (${w.badge}) in ${w.file}`);
    if (entries.length > listPerReason) lines.push(`      … ${entries.length - listPerReason} more`);
  }
  return lines.join('\n');
}

/** Text in the wanted locale, falling back to the issuer's default, then any. */
export function pick(text: LocalizedText | undefined, locale: Locale, fallback: Locale = 'ko'): string {
  if (!text) return '';
  return text[locale] ?? text[fallback] ?? Object.values(text)[0] ?? '';
}

/**
 * An award's language: the earner's own (`locale`, which their emails use too) when the issuer publishes it,
 * else the issuer's default. Its link preview and social card speak it: the earner is who shares the link.
 */
export function awardLocale(
  award: Pick<PublicAward, 'locale'>,
  issuer: Pick<Issuer, 'locales' | 'defaultLocale'>,
): Locale {
  return award.locale && issuer.locales.includes(award.locale) ? award.locale : issuer.defaultLocale;
}

export function badgeClassesWithBadges(model: SiteModel): BadgeClass[] {
  return model.catalog.filter((b) => model.decisions.get(b.id)?.hasBadge);
}
