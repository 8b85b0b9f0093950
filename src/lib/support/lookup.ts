/**
 * The support desk's question "I passed but got no badge": every award of a
 * person (by email, candidate id or award id) with its state as the build
 * decides it, and the exact reason when it is withheld. Pure: content in,
 * answers out. Other state sources (e.g. a ledger of revocations) can add
 * their word through `StateSource` without this module knowing them.
 */
import type { Content } from '../content/content-model.ts';
import { awardState, exclusionMatchFor, type AwardStatus, type ExclusionMatch } from '../eligibility.ts';
import { pendingSince } from './pending-age.ts';
import type { Award, BadgeClass, Locale, LocalizedText } from '../content/schema.ts';
import { buildSiteModel, pick, type SiteModel } from '../site-model.ts';
import { sitePaths, type SiteUrls } from '../site-urls.ts';
import { textsFor } from '../locales/registry.ts';

export type LookupQuery =
  | { by: 'award-id'; value: string }
  | { by: 'email'; value: string }
  | { by: 'candidate-id'; value: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseLookupQuery(text: string): LookupQuery {
  const value = text.trim();
  if (UUID.test(value)) return { by: 'award-id', value: value.toLowerCase() };
  if (value.includes('@')) return { by: 'email', value: value.toLowerCase() };
  return { by: 'candidate-id', value };
}

/** Why an award is not published, with the rule's own data. */
export type WithheldDetail =
  | { reason: 'excluded'; match: ExclusionMatch; ruleText: LocalizedText; file: string }
  | {
      reason: 'single-exam-certification';
      certification: BadgeClass;
      certificationAward?: { id: string; published: boolean };
    }
  | { reason: 'retired-without-badge'; entry: BadgeClass }
  | { reason: 'private' }
  /** `since`: when the award entered the content, or issuedOn if later (pending-age.ts). */
  | { reason: 'pending'; since: string }
  /** A reason this module does not know yet: shown by its code. */
  | { reason: string; unknown: true };

export interface StateNote {
  source: string;
  text: LocalizedText;
}

/** A further source of award state (for example a ledger of revocations and erasures). */
export interface StateSource {
  name: string;
  notesFor(award: Award): StateNote[];
}

export interface LookupEntry {
  award: Award;
  file: string;
  badgeClass: BadgeClass;
  status: AwardStatus;
  retiredOn?: string;
  /** Public URL when published. */
  url?: string;
  withheld?: WithheldDetail;
  notes: StateNote[];
}

export interface LookupResult {
  query: LookupQuery;
  entries: LookupEntry[];
}

export interface LookupContext {
  content: Content;
  model: SiteModel<Award>;
  urls: SiteUrls;
  rulesFile: string;
  sources?: StateSource[];
}

export function lookupContext(
  content: Content,
  now: Date,
  urls: SiteUrls,
  rulesFile = 'program-rules.yaml',
  sources: StateSource[] = [],
): LookupContext {
  return { content, model: buildSiteModel(content, now), urls, rulesFile, sources };
}

function matches(award: Award, query: LookupQuery): boolean {
  if (query.by === 'award-id') return award.id === query.value;
  if (query.by === 'email') return award.recipient.email.toLowerCase() === query.value;
  return award.recipient.candidateId === query.value;
}

export function lookupAwards(ctx: LookupContext, query: LookupQuery): LookupResult {
  const { content, model } = ctx;
  let found = content.awards.filter((a) => matches(a, query));
  // By award id: show that person's other awards too (the question is about a person).
  if (query.by === 'award-id' && found.length === 1) {
    const person = found[0]!.recipient;
    const others = content.awards.filter(
      (a) =>
        a.recipient.email.toLowerCase() === person.email.toLowerCase() ||
        (person.candidateId !== undefined && a.recipient.candidateId === person.candidateId),
    );
    found = [found[0]!, ...others.filter((a) => a.id !== found[0]!.id)];
  }
  const withheldById = new Map(model.withheld.map((w) => [w.id, w]));
  const entries = found.map((award): LookupEntry => {
    const badgeClass = model.badgeClassById.get(award.badge)!;
    const state = awardState(award, badgeClass, model.now);
    const withheld = withheldById.get(award.id);
    const entry: LookupEntry = {
      award,
      file: content.sources.get(award.id) ?? '',
      badgeClass,
      status: state.status,
      ...(state.retiredOn ? { retiredOn: state.retiredOn } : {}),
      notes: (ctx.sources ?? []).flatMap((s) => s.notesFor(award)),
    };
    if (!withheld) entry.url = ctx.urls.url(sitePaths.awardPage(award.id));
    else entry.withheld = withheldDetail(ctx, award, badgeClass, withheld.reason, found);
    return entry;
  });
  return { query, entries };
}

/** The withheld detail of every withheld award (for the report's full withheld list). */
export function withheldDetails(ctx: LookupContext): Map<string, WithheldDetail> {
  const byEmail = Map.groupBy(ctx.content.awards, (a) => a.recipient.email.toLowerCase());
  const awardById = new Map(ctx.content.awards.map((a) => [a.id, a]));
  const details = new Map<string, WithheldDetail>();
  for (const w of ctx.model.withheld) {
    const award = awardById.get(w.id)!;
    details.set(
      w.id,
      withheldDetail(
        ctx,
        award,
        ctx.model.badgeClassById.get(award.badge)!,
        w.reason,
        byEmail.get(award.recipient.email.toLowerCase()) ?? [],
      ),
    );
  }
  return details;
}

function withheldDetail(
  ctx: LookupContext,
  award: Award,
  badgeClass: BadgeClass,
  reason: string,
  personAwards: Award[],
): WithheldDetail {
  const { model } = ctx;
  switch (reason) {
    case 'excluded': {
      const match = exclusionMatchFor(badgeClass, model.rules)!;
      return { reason, match, ruleText: model.rules.exclusions[match.index]!.reason, file: ctx.rulesFile };
    }
    case 'single-exam-certification': {
      const decision = model.decisions.get(badgeClass.id);
      const certification = model.badgeClassById.get(
        decision && !decision.hasBadge && decision.via ? decision.via : '',
      )!;
      const held = personAwards.find((a) => a.badge === certification.id);
      return {
        reason,
        certification,
        ...(held ? { certificationAward: { id: held.id, published: model.publishedById.has(held.id) } } : {}),
      };
    }
    case 'retired-without-badge':
      return { reason, entry: badgeClass };
    case 'private':
      return { reason };
    case 'pending':
      // From when it entered the content (an import of old passes is not old news), never before issuedOn.
      return { reason, since: pendingSince(award, ctx.content.sources.get(award.id)) };
    default:
      return { reason, unknown: true };
  }
}

// ---------------------------------------------------------------- text

const T = {
  ko: {
    none: (q: string) => `${q}에 해당하는 수여 기록이 없습니다.`,
    head: (name: string, n: number) => `${name}: 수여 ${n}건`,
    published: '공개됨',
    status: { valid: '유효', expired: '만료됨', revoked: '취소됨' } as Record<string, string>,
    issued: '발급',
    retired: (d: string) => `(${d}에 중단된 항목, 배지는 유효)`,
    pending: (since: string, days: number) =>
      `수락 대기 중: 수령인이 아직 배지를 수락하지 않았습니다 (${since.slice(0, 10)}부터 ${days}일)`,
    private: '비공개: 수령인이 비공개를 선택했습니다',
    excluded: (file: string, m: ExclusionMatch, text: string) =>
      `보류됨: ${file}의 제외 목록 ${m.index + 1}번 항목 (${m.by} ${m.value}): ${text}`,
    single: (cert: string, held?: { id: string; published: boolean }) =>
      `보류됨: 이 시험은 ${cert} 인증의 유일한 요건이라 배지는 인증에 발급됩니다 — ${held ? `인증 수여 ${held.id} (${held.published ? '공개됨' : '비공개 또는 대기'})` : '이 사람에게는 아직 인증 수여가 없습니다 (이 합격 기록이 있는 내보내기 파일을 다시 가져오면 생성됩니다)'}`,
    retiredNoBadge: (name: string, d?: string) =>
      `보류됨: ${name}은(는) 배지 없이 중단된 항목입니다${d ? ` (${d} 중단)` : ''}`,
    unknown: (r: string) => `보류됨 (사유 코드: ${r})`,
    notYetIssued: '보류됨: 발급일이 아직 오지 않았습니다 (그 시점 이후의 빌드에서 공개됩니다)',
    file: '파일',
  },
  en: {
    none: (q: string) => `No awards found for ${q}.`,
    head: (name: string, n: number) => `${name}: ${n} award(s)`,
    published: 'published',
    status: { valid: 'valid', expired: 'expired', revoked: 'revoked' } as Record<string, string>,
    issued: 'issued',
    retired: (d: string) => `(entry retired on ${d}; the badge stays valid)`,
    pending: (since: string, days: number) =>
      `pending claim: the earner has not accepted it yet (since ${since.slice(0, 10)}, ${days} days)`,
    private: 'private: the earner chose to keep it private',
    excluded: (file: string, m: ExclusionMatch, text: string) =>
      `withheld: exclusion list entry #${m.index + 1} in ${file} (${m.by} ${m.value}): ${text}`,
    single: (cert: string, held?: { id: string; published: boolean }) =>
      `withheld: this exam is the single requirement of certification ${cert}, whose badge is the one awarded — ${held ? `certification award ${held.id} (${held.published ? 'published' : 'not published'})` : 'this person has no certification award yet (importing an export with this pass again creates it)'}`,
    retiredNoBadge: (name: string, d?: string) =>
      `withheld: ${name} was retired without a badge${d ? ` (retired ${d})` : ''}`,
    unknown: (r: string) => `withheld (reason code: ${r})`,
    notYetIssued: 'withheld: its issue date is still in the future (a build after that moment publishes it)',
    file: 'file',
  },
};

export function describeWithheld(detail: WithheldDetail, locale: Locale, now: Date): string {
  const t = textsFor(T, locale);
  if ('unknown' in detail) return detail.reason === 'not-yet-issued' ? t.notYetIssued : t.unknown(detail.reason);
  switch (detail.reason) {
    case 'excluded': {
      const d = detail as Extract<WithheldDetail, { reason: 'excluded' }>;
      return t.excluded(d.file, d.match, pick(d.ruleText, locale));
    }
    case 'single-exam-certification': {
      const d = detail as Extract<WithheldDetail, { reason: 'single-exam-certification' }>;
      return t.single(`${d.certification.id} (${pick(d.certification.name, locale)})`, d.certificationAward);
    }
    case 'retired-without-badge': {
      const d = detail as Extract<WithheldDetail, { reason: 'retired-without-badge' }>;
      return t.retiredNoBadge(pick(d.entry.name, locale), d.entry.retiredOn);
    }
    case 'private':
      return t.private;
    case 'pending': {
      const d = detail as Extract<WithheldDetail, { reason: 'pending' }>;
      return t.pending(d.since, Math.max(0, Math.floor((now.getTime() - Date.parse(d.since)) / 86_400_000)));
    }
    default:
      return t.unknown((detail as { reason: string }).reason);
  }
}

export function renderLookup(result: LookupResult, locale: Locale, now: Date): string {
  const t = textsFor(T, locale);
  if (result.entries.length === 0) return t.none(result.query.value);
  const person = result.entries[0]!.award.recipient;
  const who = `${person.name} <${person.email}>${person.candidateId ? ` (${person.candidateId})` : ''}`;
  const lines = [t.head(who, result.entries.length)];
  for (const e of result.entries) {
    const mark = e.url ? (e.status === 'valid' ? '✓' : '!') : '–';
    lines.push(`${mark} ${e.award.badge} — ${pick(e.badgeClass.name, locale)}`);
    // A withheld award has no badge to be valid or not; say only what changes it (expired, revoked).
    const status =
      e.url || e.status !== 'valid'
        ? ` · ${t.status[e.status] ?? e.status}${e.url && e.retiredOn ? ` ${t.retired(e.retiredOn)}` : ''}`
        : '';
    lines.push(`    ${e.award.id} · ${t.issued} ${e.award.issuedOn}${status}`);
    lines.push(`    ${e.url ? `${t.published}: ${e.url}` : describeWithheld(e.withheld!, locale, now)}`);
    for (const note of e.notes) lines.push(`    ${note.source}: ${pick(note.text, locale)}`);
    lines.push(`    ${t.file}: ${e.file}`);
  }
  return lines.join('\n');
}
