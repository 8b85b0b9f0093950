/**
 * The program report: counts by badge and by month (issued, published,
 * pending with age buckets (from when the award entered the content), private, withheld by reason, expired, revoked),
 * and the full list of withheld awards with their reasons. Pure: it reads the
 * site model, so its numbers are the build's own decisions.
 */
import { awardState } from '../eligibility.ts';
import { pendingSince } from './pending-age.ts';
import type { PublicAward } from '../content/schema.ts';
import type { SiteModel } from '../site-model.ts';

export interface ReportCounts {
  issued: number;
  published: number;
  pending: number;
  pendingUnder7Days: number;
  pendingUnder30Days: number;
  pendingOlder: number;
  private: number;
  /** Withheld because the badge has none (by the rules) or for reasons added later, by reason code. */
  withheld: Record<string, number>;
  expired: number;
  revoked: number;
}

export interface ReportRow extends ReportCounts {
  badge: string;
  /** YYYY-MM of issuedOn, as recorded (the issuer's local month). */
  month: string;
}

export interface ProgramReport {
  now: string;
  rows: ReportRow[];
  totals: ReportCounts;
  /** Every reason code that occurs in `withheld`, sorted. */
  withheldReasons: string[];
  withheldList: { id: string; file: string; badge: string; issuedOn: string; reason: string }[];
}

const empty = (): ReportCounts => ({
  issued: 0,
  published: 0,
  pending: 0,
  pendingUnder7Days: 0,
  pendingUnder30Days: 0,
  pendingOlder: 0,
  private: 0,
  withheld: {},
  expired: 0,
  revoked: 0,
});

const DAY = 86_400_000;

export function programReport(model: SiteModel<PublicAward>, awards: readonly PublicAward[]): ProgramReport {
  const withheldById = new Map(model.withheld.map((w) => [w.id, w]));
  const rows = new Map<string, ReportRow>();
  const totals = empty();
  const reasons = new Set<string>();
  const withheldList: ProgramReport['withheldList'] = [];
  for (const award of awards) {
    const key = `${award.badge}\n${award.issuedOn.slice(0, 7)}`;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { badge: award.badge, month: award.issuedOn.slice(0, 7), ...empty() }));
    const state = awardState(award, model.badgeClassById.get(award.badge)!, model.now);
    const withheld = withheldById.get(award.id);
    for (const counts of [row, totals]) {
      counts.issued++;
      if (state.status === 'expired') counts.expired++;
      if (state.status === 'revoked') counts.revoked++;
      if (!withheld) counts.published++;
      else if (withheld.reason === 'pending') {
        counts.pending++;
        // Age from when the award entered the content (pending-age.ts), not from the exam date.
        const age = model.now.getTime() - Date.parse(pendingSince(award, withheld.file));
        if (age < 7 * DAY) counts.pendingUnder7Days++;
        else if (age < 30 * DAY) counts.pendingUnder30Days++;
        else counts.pendingOlder++;
      } else if (withheld.reason === 'private') counts.private++;
      else counts.withheld[withheld.reason] = (counts.withheld[withheld.reason] ?? 0) + 1;
    }
    if (withheld) {
      if (withheld.reason !== 'pending' && withheld.reason !== 'private') reasons.add(withheld.reason);
      withheldList.push({
        id: award.id,
        file: withheld.file,
        badge: award.badge,
        issuedOn: award.issuedOn,
        reason: withheld.reason,
      });
    }
  }
  const sorted = [...rows.values()].sort((a, b) => a.badge.localeCompare(b.badge) || a.month.localeCompare(b.month));
  return { now: model.now.toISOString(), rows: sorted, totals, withheldReasons: [...reasons].sort(), withheldList };
}

/** Column order for tables and CSV: fixed counts, then one column per withheld reason. */
export function reportColumns(report: ProgramReport): string[] {
  return [
    'badge',
    'month',
    'issued',
    'published',
    'pending',
    'pendingUnder7Days',
    'pendingUnder30Days',
    'pendingOlder',
    'private',
    ...report.withheldReasons.map((r) => `withheld:${r}`),
    'expired',
    'revoked',
  ];
}

export function reportCells(
  row: ReportRow | (ReportCounts & { badge: string; month: string }),
  columns: string[],
): (string | number)[] {
  return columns.map((c) =>
    c.startsWith('withheld:')
      ? (row.withheld[c.slice(9)] ?? 0)
      : (row as unknown as Record<string, string | number>)[c]!,
  );
}
