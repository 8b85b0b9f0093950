/**
 * What the next publish changes against the last published state: the ledger
 * as committed (or, with a base, the ledger and content of a git ref), and the
 * content as it is now. Pure; `npm run plan` gathers the inputs and prints the
 * Markdown (for a pull-request comment).
 *
 * Dangerous (exit 2 unless --allow): an un-revocation, a change of signing
 * key, a ledger entry that moved, vanished or lost its revocation without a
 * recorded un-revocation, and more than a set share of awards changed at once.
 */
import type { Content } from '../content/content-model.ts';
import type { Award } from '../content/schema.ts';
import type { SiteModel, WithheldAward } from '../site-model.ts';
import { describeChange, ledgerRegressions, type Ledger, type LedgerEntry, type LedgerProblem } from './ledger.ts';

export interface PlanInput {
  /** The last published ledger (committed, or at the base ref). */
  before: Ledger;
  /** The content at the base ref, when one was given (for changed fields). */
  beforeContent?: Content;
  /** The ledger the next publish records (the current one brought up to date). */
  after: Ledger;
  content: Content;
  model: SiteModel<Award>;
  /** Disagreements the build would refuse (an un-revocation by hand, …). */
  problems: LedgerProblem[];
  /** The signing key the next publish uses, when known (z6Mk…). */
  publicKey?: string;
  /** Share of previously published awards that may change before the plan is dangerous. */
  maxShare: number;
}

export interface FieldChange {
  id: string;
  fields: string[];
}

export interface Plan {
  added: LedgerEntry[];
  revoked: LedgerEntry[];
  unrevoked: { id: string; reason: string }[];
  hidden: { id: string; reason: string }[];
  deleted: string[];
  erased: string[];
  republished: string[];
  changed: FieldChange[];
  withheld: WithheldAward[];
  keyChange?: { from: string; to: string };
  /** Why the plan is dangerous (empty: safe). */
  dangers: string[];
  publishedBefore: number;
}

const RECORD_FIELDS: [string, (a: Award) => unknown][] = [
  ['recipient.name', (a) => a.recipient.name],
  ['recipient.email', (a) => a.recipient.email.toLowerCase()],
  ['badge', (a) => a.badge],
  ['issuedOn', (a) => a.issuedOn],
  ['expires', (a) => a.expires],
  ['evidence', (a) => a.evidence],
  ['visibility', (a) => a.visibility],
  ['claim', (a) => a.claim],
  ['revoked', (a) => a.revoked],
];

export function changedFields(before: Award, after: Award): string[] {
  return RECORD_FIELDS.filter(([, get]) => JSON.stringify(get(before)) !== JSON.stringify(get(after))).map(
    ([name]) => name,
  );
}

export function computePlan(input: PlanInput): Plan {
  const { before, after, model } = input;
  const beforeById = new Map(before.entries.map((e) => [e.id.toLowerCase(), e]));
  const withheldById = new Map(model.withheld.map((w) => [w.id.toLowerCase(), w]));
  const plan: Plan = {
    added: [],
    revoked: [],
    unrevoked: [],
    hidden: [],
    deleted: [],
    erased: [],
    republished: [],
    changed: [],
    withheld: model.withheld,
    dangers: [],
    publishedBefore: before.entries.filter((e) => e.state === 'published').length,
  };
  for (const entry of after.entries) {
    const key = entry.id.toLowerCase();
    const was = beforeById.get(key);
    if (!was && entry.state === 'erased') {
      // Erased before it was ever published: nothing on the site changes.
      plan.erased.push(entry.id);
      continue;
    }
    if (!was) {
      plan.added.push(entry);
      if (entry.revoked) plan.revoked.push(entry);
      continue;
    }
    if (entry.revoked && !was.revoked) plan.revoked.push(entry);
    const recorded = (entry.unrevoked ?? []).slice((was.unrevoked ?? []).length);
    for (const u of recorded) plan.unrevoked.push({ id: entry.id, reason: u.reason });
    if (entry.state !== was.state) {
      if (entry.state === 'withheld')
        plan.hidden.push({ id: entry.id, reason: withheldById.get(key)?.reason ?? 'withheld' });
      else if (entry.state === 'deleted') plan.deleted.push(entry.id);
      else if (entry.state === 'erased') plan.erased.push(entry.id);
      else plan.republished.push(entry.id);
    }
  }
  for (const problem of ledgerRegressions(before, after))
    plan.dangers.push(`award ${problem.award} ${problem.message}`);
  if (input.beforeContent) {
    const previous = new Map(input.beforeContent.awards.map((a) => [a.id.toLowerCase(), a]));
    for (const award of input.content.awards) {
      const was = previous.get(award.id.toLowerCase());
      if (!was) continue;
      const fields = changedFields(was, award);
      if (fields.length) plan.changed.push({ id: award.id, fields });
    }
  }
  if (plan.unrevoked.length)
    plan.dangers.push(`${plan.unrevoked.length} un-revocation(s): credentials already revoked become valid again`);
  for (const problem of input.problems) plan.dangers.push(`award ${problem.award}: ${problem.message}`);
  if (before.publicKey && input.publicKey && before.publicKey !== input.publicKey) {
    plan.keyChange = { from: before.publicKey, to: input.publicKey };
    plan.dangers.push(
      `the signing key changes (${before.publicKey} → ${input.publicKey}): list the old key in EMBLEM_PREVIOUS_KEYS unless it leaked`,
    );
  }
  const touched = new Set([
    ...plan.revoked.filter((e) => beforeById.has(e.id.toLowerCase())).map((e) => e.id),
    ...plan.unrevoked.map((u) => u.id),
    ...plan.hidden.map((h) => h.id),
    ...plan.deleted,
    ...plan.erased,
    ...plan.changed.map((c) => c.id),
  ]);
  if (plan.publishedBefore > 0 && touched.size / plan.publishedBefore > input.maxShare) {
    plan.dangers.push(
      `${touched.size} of ${plan.publishedBefore} published awards change (${Math.round((100 * touched.size) / plan.publishedBefore)}%, more than ${Math.round(100 * input.maxShare)}%)`,
    );
  }
  return plan;
}

const code = (text: string) => `\`${text}\``;

function section(lines: string[], title: string, items: readonly string[], limit = 50, count = items.length): void {
  if (!items.length) return;
  lines.push('', `### ${title} (${count})`, '');
  for (const item of items.slice(0, limit)) lines.push(`- ${item}`);
  if (items.length > limit) lines.push(`- … and ${items.length - limit} more`);
}

/** The plan as Markdown, for a pull-request comment. Names award ids (the comment belongs to the private repository) but no name or email. */
export function planMarkdown(plan: Plan, baseLabel: string): string {
  const lines = [`## Publish plan (against ${baseLabel})`, ''];
  const counts = [
    `${plan.added.length} new`,
    `${plan.revoked.length} revoked`,
    `${plan.unrevoked.length} un-revoked`,
    `${plan.hidden.length} no longer published`,
    `${plan.deleted.length} deleted`,
    `${plan.erased.length} erased`,
    `${plan.changed.length} changed`,
  ];
  lines.push(counts.join(' · '));
  if (plan.dangers.length) {
    lines.push('', '### ⚠ Dangerous changes', '');
    for (const danger of plan.dangers) lines.push(`- ${danger}`);
  }
  section(
    lines,
    'New awards',
    plan.added.map((e) => `${code(e.id)} (status slot ${e.index})`),
  );
  section(
    lines,
    'Revocations',
    plan.revoked.map((e) => `${code(e.id)}: ${e.revoked!.reason} (${e.revoked!.on})`),
  );
  section(
    lines,
    'Un-revocations',
    plan.unrevoked.map((u) => `${code(u.id)}: ${u.reason}`),
  );
  section(
    lines,
    'No longer published (the status slot and any revocation stay)',
    plan.hidden.map((h) => `${code(h.id)}: ${h.reason}`),
  );
  section(lines, 'Deleted records (the status slot and any revocation stay)', plan.deleted.map(code));
  section(lines, 'Erased (tombstones)', plan.erased.map(code));
  section(lines, 'Published again', plan.republished.map(code));
  section(
    lines,
    'Changed records',
    plan.changed.map((c) => `${code(c.id)}: ${c.fields.join(', ')}`),
  );
  if (plan.keyChange) section(lines, 'Signing key', [`${code(plan.keyChange.from)} → ${code(plan.keyChange.to)}`]);
  const byReason = Map.groupBy(plan.withheld, (w) => w.reason);
  section(
    lines,
    'Withheld awards (not published)',
    [...byReason].map(
      ([reason, list]) =>
        `${reason}: ${list.length} (${list
          .slice(0, 5)
          .map((w) => code(w.id))
          .join(', ')}${list.length > 5 ? ', …' : ''})`,
    ),
    50,
    plan.withheld.length,
  );
  if (!plan.dangers.length) lines.push('', 'No dangerous change.');
  return lines.join('\n') + '\n';
}

/**
 * The plan text without personal data, for a pull request or a CI log: free
 * text typed by staff (a revocation or un-revocation reason) could hold an
 * earner's name or address. Every recipient name and email of the given awards,
 * and anything shaped like an email address, becomes a placeholder.
 */
export function redactPersonal(text: string, awards: readonly Pick<Award, 'recipient'>[]): string {
  const names = new Set<string>();
  for (const award of awards) {
    const name = award.recipient.name.trim();
    if (name.length >= 2) names.add(name);
  }
  let result = text.replace(/[^\s<>()`"',;:]+@[^\s<>()`"',;:]+\.[^\s<>()`"',;:]+/g, '[email]');
  // Longest first, so that a name inside a longer one does not leave a fragment behind.
  for (const name of [...names].sort((a, b) => b.length - a.length)) result = result.replaceAll(name, '[name]');
  return result;
}

export { describeChange };
