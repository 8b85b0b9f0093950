/**
 * The program's badge rules, as pure functions of the catalog:
 *  1. every exam and certification has a badge, except:
 *  2. an exam that is the single requirement of a certification (alone or as one
 *     of a "one of" choice) earns only that certification's badge;
 *  3. entries on the exclusion list (by id, code or series) have no badge;
 *  4. retired entries flagged `hasBadge: false` have no badge;
 *  5. a badge earned before its certification retired stays valid (see awardState).
 */
import type { BadgeClass, LocalizedText, ProgramRules, PublicAward } from './content/schema.ts';

export type NoBadgeReason = 'excluded' | 'single-exam-certification' | 'retired-without-badge';

export type BadgeDecision =
  | { hasBadge: true }
  | {
      hasBadge: false;
      reason: NoBadgeReason /** certification or exclusion text that explains it */;
      detail: LocalizedText;
      via?: string;
    };

export function singleExamCertificationOf(exam: BadgeClass, catalog: readonly BadgeClass[]): BadgeClass | undefined {
  if (exam.kind !== 'exam') return undefined;
  return catalog.find(
    (c) =>
      c.kind === 'certification' &&
      c.requires.length === 1 &&
      (typeof c.requires[0] === 'string' ? c.requires[0] === exam.id : c.requires[0]!.oneOf.includes(exam.id)),
  );
}

export function exclusionFor(entry: BadgeClass, rules: ProgramRules) {
  return rules.exclusions.find(
    (rule) =>
      rule.ids.includes(entry.id) ||
      (entry.code !== undefined && rule.codes.includes(entry.code)) ||
      (entry.series !== undefined && rule.series.includes(entry.series)),
  );
}

export function badgeDecision(entry: BadgeClass, catalog: readonly BadgeClass[], rules: ProgramRules): BadgeDecision {
  const exclusion = exclusionFor(entry, rules);
  if (exclusion) return { hasBadge: false, reason: 'excluded', detail: exclusion.reason };
  if (entry.status === 'retired' && !entry.hasBadge) {
    return { hasBadge: false, reason: 'retired-without-badge', detail: entry.name };
  }
  const certification = singleExamCertificationOf(entry, catalog);
  if (certification) {
    return { hasBadge: false, reason: 'single-exam-certification', detail: certification.name, via: certification.id };
  }
  return { hasBadge: true };
}

export function badgeDecisions(catalog: readonly BadgeClass[], rules: ProgramRules): Map<string, BadgeDecision> {
  return new Map(catalog.map((entry) => [entry.id, badgeDecision(entry, catalog, rules)]));
}

export type WithheldReason = 'private' | 'pending' | 'not-yet-issued' | NoBadgeReason;

/** Whether an award gets a public page and credentials as of `now` (the build
 * moment), and if not, why. An award dated in the future waits for its date: a
 * page would say Valid while every verifier says "not yet valid". */
export function publicationDecision(
  award: PublicAward,
  decision: BadgeDecision,
  now: Date,
): { published: true } | { published: false; reason: WithheldReason } {
  if (!decision.hasBadge) return { published: false, reason: decision.reason };
  if (award.visibility === 'private') return { published: false, reason: 'private' };
  if (award.claim === 'pending') return { published: false, reason: 'pending' };
  if (Date.parse(award.issuedOn) > now.getTime()) return { published: false, reason: 'not-yet-issued' };
  return { published: true };
}

export type AwardStatus = 'valid' | 'expired' | 'revoked';

export interface AwardState {
  status: AwardStatus;
  /** Set when the certification or exam has since been retired: the badge stays valid. */
  retiredOn?: string;
}

/** The award's state as of `now` (a static page shows the state at build time;
 * the verify page re-checks it in the reader's browser). */
export function awardState(award: PublicAward, badgeClass: BadgeClass, now: Date): AwardState {
  const retiredOn = badgeClass.status === 'retired' ? badgeClass.retiredOn : undefined;
  const status: AwardStatus =
    award.revoked && Date.parse(award.revoked.on) <= now.getTime()
      ? 'revoked'
      : award.expires && Date.parse(award.expires) <= now.getTime()
        ? 'expired'
        : 'valid';
  return retiredOn ? { status, retiredOn } : { status };
}

/** Which field of a catalog entry matched an exclusion-list entry, and where
 * that entry is in the list: the exact answer a support desk needs. */
export interface ExclusionMatch {
  index: number;
  by: 'id' | 'code' | 'series';
  value: string;
}

export function exclusionMatchFor(entry: BadgeClass, rules: ProgramRules): ExclusionMatch | undefined {
  for (const [index, rule] of rules.exclusions.entries()) {
    if (rule.ids.includes(entry.id)) return { index, by: 'id', value: entry.id };
    if (entry.code !== undefined && rule.codes.includes(entry.code)) return { index, by: 'code', value: entry.code };
    if (entry.series !== undefined && rule.series.includes(entry.series))
      return { index, by: 'series', value: entry.series };
  }
  return undefined;
}

/** A certification whose requirements a person's passes meet. */
export interface CompletedCertification {
  certification: BadgeClass;
  /** The moment the last missing requirement was met (ISO 8601, as recorded). */
  completedOn: string;
  /** The exam whose pass completed it. */
  completedBy: string;
}

/**
 * The certifications that a person's passed exams complete, each dated by the
 * pass that met its last requirement: every plain requirement needs its exam,
 * a `oneOf` choice needs any one of its exams (the earliest pass counts).
 * `passes` maps exam id -> the moment of its earliest pass. Certifications
 * without requirements are never completed by exams.
 */
export function certificationsCompletedBy(
  passes: ReadonlyMap<string, string>,
  catalog: readonly BadgeClass[],
): CompletedCertification[] {
  const completed: CompletedCertification[] = [];
  for (const certification of catalog) {
    if (certification.kind !== 'certification' || certification.requires.length === 0) continue;
    let last: { exam: string; on: string; at: number } | undefined;
    let met = true;
    for (const requirement of certification.requires) {
      const options = typeof requirement === 'string' ? [requirement] : requirement.oneOf;
      let earliest: { exam: string; on: string; at: number } | undefined;
      for (const exam of options) {
        const on = passes.get(exam);
        if (on === undefined) continue;
        const at = Date.parse(on);
        if (!earliest || at < earliest.at) earliest = { exam, on, at };
      }
      if (!earliest) {
        met = false;
        break;
      }
      if (!last || earliest.at > last.at) last = earliest;
    }
    if (met && last) completed.push({ certification, completedOn: last.on, completedBy: last.exam });
  }
  return completed;
}
