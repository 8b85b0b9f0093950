/**
 * The import, start to end without file writes: export rows + content ->
 * the plan of new awards, checked to load through the normal content model.
 */
import { validateContent, type Content, type RawContent } from '../content/content-model.ts';
import { buildSiteModel } from '../site-model.ts';
import {
  checkAward,
  mapRow,
  type ErrorKind,
  type ExportRow,
  type MappedRow,
  type RowError,
  type SkipReason,
} from './map-row.ts';
import { examIndex, localeValues, type Mapping } from './mapping.ts';
import { planImport, type DuplicatePolicy, type ImportPlan } from './plan.ts';

export interface ImportOptions {
  duplicates: DuplicatePolicy;
  now: Date;
  /** Award ids the ledger holds as erased (readLedger): rows that map to one are skipped as `erased`. */
  erased?: ReadonlySet<string>;
  /** Called every few thousand rows while mapping (for a progress line). */
  onProgress?: (done: number, total: number) => void;
}

export function planFromRows(
  content: Content,
  mapping: Mapping,
  rows: readonly ExportRow[],
  options: ImportOptions,
): ImportPlan {
  const ctx = {
    mapping,
    exams: examIndex(mapping, content.badgeClasses),
    now: options.now,
    rules: content.rules,
    locales: localeValues(mapping),
  };
  const mapped: MappedRow[] = [];
  for (const [i, row] of rows.entries()) {
    mapped.push(mapRow(row, ctx));
    if (options.onProgress && (i + 1) % 2000 === 0) options.onProgress(i + 1, rows.length);
  }
  options.onProgress?.(rows.length, rows.length);
  return planImport({
    rows: mapped,
    existing: content.awards,
    sources: content.sources,
    catalog: content.badgeClasses,
    claims: content.issuer.claims,
    idNamespace: mapping.idNamespace,
    duplicates: options.duplicates,
    published:
      options.duplicates === 'replace' ? new Set(buildSiteModel(content, options.now).publishedById.keys()) : undefined,
    erased: options.erased,
    check: (award, row) => checkAward(award, row, mapping),
  });
}

/** The content as it will be after the import: validated exactly as the build
 * validates it, so a batch that would break the build is never written. */
export function contentAfterImport(raw: RawContent, plan: ImportPlan, batchLabel: string): Content {
  const replaced = new Set(plan.replaced.map((r) => r.id));
  const kept = raw.awards.filter((r) => !replaced.has((r.data as { id?: string } | null)?.id ?? ''));
  const added = plan.awards.map((award, index) => ({ file: batchLabel, index, data: award as unknown }));
  return validateContent({ ...raw, awards: [...kept, ...added] });
}

export interface ImportSummary {
  rows: number;
  imported: number;
  derived: number;
  /** Skip reason -> rows, most frequent first. */
  skipped: Map<SkipReason, number>;
  errors: number;
  /** Error kind -> rows, most frequent first. */
  errorsByKind: Map<ErrorKind, number>;
  /** The first rows of each error kind (at most `firstRows` each), in the order of errorsByKind. */
  firstErrors: Map<ErrorKind, RowError[]>;
  byBadge: Map<string, number>;
}

const mostFirst = <K>(counts: Map<K, number>) => new Map([...counts].sort((a, b) => b[1] - a[1]));

export function summarize(plan: ImportPlan, firstRows = 3): ImportSummary {
  const skipped = new Map<SkipReason, number>();
  const errorsByKind = new Map<ErrorKind, number>();
  const first = new Map<ErrorKind, RowError[]>();
  const byBadge = new Map<string, number>();
  let imported = 0;
  let errors = 0;
  for (const o of plan.outcomes) {
    if (o.status === 'imported') imported++;
    else if (o.status === 'error') {
      errors++;
      errorsByKind.set(o.kind, (errorsByKind.get(o.kind) ?? 0) + 1);
      const shown = first.get(o.kind) ?? [];
      if (shown.length < firstRows) first.set(o.kind, [...shown, o]);
    } else skipped.set(o.reason, (skipped.get(o.reason) ?? 0) + 1);
  }
  for (const a of plan.awards) byBadge.set(a.badge, (byBadge.get(a.badge) ?? 0) + 1);
  const byKind = mostFirst(errorsByKind);
  return {
    rows: plan.outcomes.length,
    imported,
    derived: plan.derived.length,
    skipped: mostFirst(skipped),
    errors,
    errorsByKind: byKind,
    firstErrors: new Map([...byKind.keys()].map((kind) => [kind, first.get(kind)!])),
    byBadge,
  };
}
