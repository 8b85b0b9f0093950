/**
 * What an import writes: a new batch file of awards (YAML, never over an
 * existing file), the per-row report CSV, and — for `--duplicates replace` —
 * the edits that take replaced awards out of their files (comments kept).
 */
import { existsSync, linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Document, isMap, isSeq, parseDocument, type YAMLSeq } from 'yaml';
import { peopleCsv } from '../support/csv-safe.ts';
import type { Award, Locale } from '../content/schema.ts';
import type { ImportPlan } from './plan.ts';

/** An award as written to content: only fields that say something. */
function contentRecord(award: Award): Record<string, unknown> {
  return {
    id: award.id,
    recipient: award.recipient,
    badge: award.badge,
    issuedOn: award.issuedOn,
    ...(award.addedOn ? { addedOn: award.addedOn } : {}),
    ...(award.expires ? { expires: award.expires } : {}),
    ...(award.evidence.length ? { evidence: award.evidence } : {}),
    ...(award.visibility !== 'public' ? { visibility: award.visibility } : {}),
    claim: award.claim,
    ...(award.locale ? { locale: award.locale } : {}),
  };
}

export function renderBatch(awards: readonly Award[], header: string): string {
  const doc = new Document({ awards: awards.map(contentRecord) });
  doc.commentBefore = header
    .split('\n')
    .map((line) => ` ${line}`)
    .join('\n');
  return doc.toString({ lineWidth: 0 });
}

/** Above this many awards a batch is written as JSON: the YAML parser takes
 * about half a millisecond per award, so a 100,000-award YAML batch would add
 * about a minute to every build and import, JSON about a second. */
export const YAML_BATCH_LIMIT = 2000;

export type BatchFormat = 'yaml' | 'json';

export function batchFormatFor(count: number, chosen?: BatchFormat): BatchFormat {
  return chosen ?? (count > YAML_BATCH_LIMIT ? 'json' : 'yaml');
}

/** A JSON batch: one award per line (readable, diffable); the note says where it came from
 * (the content loader reads only `awards`). */
export function renderBatchJson(awards: readonly Award[], note: string): string {
  const lines = awards.map((a) => `    ${JSON.stringify(contentRecord(a))}`);
  return `{\n  "note": ${JSON.stringify(note)},\n  "awards": [\n${lines.join(',\n')}\n  ]\n}\n`;
}

/** Writes `text` to `file` atomically and only if `file` does not exist yet
 * (a hard link fails on an existing name, unlike rename). */
export function writeNewFileAtomic(file: string, text: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  writeFileSync(temp, text, { flag: 'wx' });
  try {
    linkSync(temp, file);
  } finally {
    unlinkSync(temp);
  }
}

/** Replaces an existing file atomically (temp file + rename). */
export function replaceFileAtomic(file: string, text: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  writeFileSync(temp, text, { flag: 'wx' });
  renameSync(temp, file);
}

/** A batch file name that is not taken: import-<date>-<export name>[-n].yaml */
export function batchFileName(dir: string, exportFile: string, now: Date, format: BatchFormat = 'yaml'): string {
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  const base = path
    .basename(exportFile, path.extname(exportFile))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  for (let n = 1; ; n++) {
    const name = `import-${stamp}-${base || 'export'}${n > 1 ? `-${n}` : ''}.${format}`;
    if (!existsSync(path.join(dir, name))) return path.join(dir, name);
  }
}

/** The source text of an awards file without the awards of `ids`; YAML keeps its comments and layout. */
export function withoutAwards(fileName: string, source: string, ids: ReadonlySet<string>): string {
  if (fileName.toLowerCase().endsWith('.json')) {
    const data = JSON.parse(source) as unknown;
    const keep = (list: { id?: string }[]) => list.filter((a) => !ids.has(a.id ?? ''));
    const out = Array.isArray(data)
      ? keep(data)
      : { ...(data as object), awards: keep((data as { awards: { id?: string }[] }).awards) };
    return `${JSON.stringify(out, null, 2)}\n`;
  }
  const doc = parseDocument(source);
  const list = isSeq(doc.contents)
    ? doc.contents
    : isMap(doc.contents)
      ? (doc.contents.get('awards', true) as YAMLSeq | undefined)
      : undefined;
  if (!list || !isSeq(list))
    throw new Error(`${fileName}: a single-award file cannot be edited here; delete it instead`);
  list.items = list.items.filter((item) => !(isMap(item) && ids.has(String(item.get('id')))));
  return doc.toString({ lineWidth: 0 });
}

/** Applies `--duplicates replace`: takes the replaced awards out of their files. */
export function removeReplaced(contentRoot: string, replaced: ImportPlan['replaced']): string[] {
  const byFile = Map.groupBy(replaced, (r) => r.file);
  const changed: string[] = [];
  for (const [file, entries] of byFile) {
    const full = path.resolve(contentRoot, file);
    replaceFileAtomic(full, withoutAwards(full, readFileSync(full, 'utf8'), new Set(entries.map((e) => e.id))));
    changed.push(file);
  }
  return changed;
}

export const REPORT_COLUMNS = [
  'row',
  'status',
  'reason',
  'award_id',
  'badge',
  'column',
  'value',
  'problem',
  'expected',
] as const;

/** One line per export row (imported, skipped with why, error with its kind, column, value
 * (escaped), problem and what was expected), then one per derived certification award.
 * Cells that a spreadsheet would run as a formula are neutralised (csv-safe.ts). */
export function renderReport(plan: ImportPlan, locale: Locale): string {
  const lines: (string | number)[][] = [];
  for (const o of plan.outcomes) {
    if (o.status === 'imported') lines.push([o.row, 'imported', '', o.awardId, o.badge, '', '', '', '']);
    else if (o.status === 'skipped')
      lines.push([o.row, 'skipped', o.reason, o.awardId ?? '', '', '', '', o.detail[locale] ?? '', '']);
    else
      lines.push([
        o.row,
        'error',
        o.kind,
        '',
        '',
        o.column,
        o.value,
        o.problem[locale] ?? '',
        o.expected[locale] ?? '',
      ]);
  }
  for (const d of plan.derived) {
    const note =
      locale === 'ko' ? `${d.completedBy} 합격으로 요건 충족` : `requirements met by the pass of ${d.completedBy}`;
    lines.push([d.row ?? '', 'derived', 'certification', d.award.id, d.award.badge, '', '', note, '']);
  }
  // With a BOM, so that spreadsheet programs read the Korean text as UTF-8.
  return peopleCsv(lines, { header: true, columns: [...REPORT_COLUMNS] });
}
