/**
 * Last line of defence for "private data is never published": after every
 * other step, scan the whole output for any recipient email and for the id of
 * any withheld (private, pending, ineligible) award. A hit fails the build.
 *
 * One exception, from the ledger: a revoked award that was published before
 * and is now hidden keeps its tombstone (id, revoked, reason) and its line in
 * revocations.json; its id was public already. Every other withheld id stays
 * forbidden.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { OB2_PNG_KEYWORD, OB3_PNG_KEYWORD, readBakedPng } from '../lib/credentials/baking.ts';
import { tombstones } from '../lib/lifecycle/ledger.ts';
import type { BuildContext } from './context.ts';
import type { ScanTask } from './scan-worker.ts';
import { inBatches, runOnWorkers, SCAN_IN_PROCESS_BELOW, SCAN_WORKER } from './worker-pool.ts';

const TEXT_FILE = /\.(html|json|jsonld|xml|txt|js|mjs|css|svg|webmanifest|md)$|^_headers$|^_redirects$/;
/** Baked badge PNGs carry JSON in a text chunk: their text is scanned too. */
const BAKED_PNG = /^badge-.*\.png$/;

// Characters around "@" that can belong to an email address (linear scan: a
// regular expression over whole pages backtracks on long runs of word characters).
const LOCAL_PART = /[A-Za-z0-9._%+-]/;
const DOMAIN = /[A-Za-z0-9.-]/;

/** Every email-like token in the text, lower-cased. */
export function emailsIn(text: string): string[] {
  const found: string[] = [];
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && LOCAL_PART.test(text[start - 1]!)) start--;
    let end = at + 1;
    while (end < text.length && DOMAIN.test(text[end]!)) end++;
    while (end > at + 1 && text[end - 1] === '.') end--;
    if (start < at && end > at + 1) found.push(text.slice(start, end).toLowerCase());
  }
  return found;
}

/** Every UUID-shaped token in the text, lower-cased (found from its hyphens, in linear time). */
export function uuidsIn(text: string): string[] {
  const found: string[] = [];
  const hex = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
  for (let dash = text.indexOf('-'); dash !== -1; dash = text.indexOf('-', dash + 1)) {
    if (dash < 8 || text[dash + 5] !== '-' || text[dash + 10] !== '-' || text[dash + 15] !== '-') continue;
    const candidate = text.slice(dash - 8, dash + 28);
    if (hex.test(candidate)) found.push(candidate.toLowerCase());
  }
  return found;
}

export interface Leak {
  file: string;
  what: string;
}

export function leaksInText(text: string, emails: ReadonlySet<string>, hiddenIds: ReadonlySet<string>): string[] {
  const what: string[] = [];
  const decoded = text.includes('%40') ? `${text}\n${text.replaceAll('%40', '@')}` : text;
  for (const email of emailsIn(decoded)) if (emails.has(email)) what.push(`recipient email ${email}`);
  for (const id of uuidsIn(text)) if (hiddenIds.has(id)) what.push(`withheld award id ${id}`);
  return what;
}

/** The leaks in one output file (site-relative path). */
export async function leaksInFile(outDir: string, relative: string, emails: ReadonlySet<string>, hiddenIds: ReadonlySet<string>): Promise<Leak[]> {
  const leaks = leaksInText(relative, new Set(), hiddenIds).map((what) => ({ file: relative, what: `${what} in the file name` }));
  const name = path.basename(relative);
  let text: string | undefined;
  if (TEXT_FILE.test(name)) text = await readFile(path.join(outDir, relative), 'utf8');
  else if (BAKED_PNG.test(name)) {
    const png = new Uint8Array(await readFile(path.join(outDir, relative)));
    text = [OB2_PNG_KEYWORD, OB3_PNG_KEYWORD].map((keyword) => readBakedPng(png, keyword) ?? '').join('\n');
  }
  if (text) for (const what of leaksInText(text, emails, hiddenIds)) leaks.push({ file: relative, what });
  return leaks;
}

export async function findLeaks(outDir: string, emails: ReadonlySet<string>, hiddenIds: ReadonlySet<string>): Promise<Leak[]> {
  const entries = await readdir(outDir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.relative(outDir, path.join(e.parentPath, e.name)));
  if (files.length < SCAN_IN_PROCESS_BELOW) {
    const leaks: Leak[] = [];
    for (const file of files) leaks.push(...(await leaksInFile(outDir, file, emails, hiddenIds)));
    return leaks;
  }
  const tasks: ScanTask[] = inBatches(files, 500).map((batch) => ({ kind: 'privacy', outDir, files: batch }));
  const results = await runOnWorkers<ScanTask, Leak[]>(SCAN_WORKER, tasks, { workerData: { emails: [...emails], hiddenIds: [...hiddenIds] } });
  return results.flat();
}

/** Withheld ids that must not appear: all of them except revoked tombstones of awards published before. */
export function forbiddenIds(withheldIds: readonly string[], tombstoneIds: readonly string[]): Set<string> {
  const allowed = new Set(tombstoneIds.map((id) => id.toLowerCase()));
  return new Set(withheldIds.map((id) => id.toLowerCase()).filter((id) => !allowed.has(id)));
}

export async function privacyGuard({ outDir, content, model, ledger, log }: BuildContext): Promise<void> {
  const emails = new Set(content.awards.map((a) => a.recipient.email.toLowerCase()));
  const published = new Set(model.published.map((p) => p.award.id));
  const hiddenIds = forbiddenIds(
    model.withheld.map((w) => w.id),
    tombstones(ledger, published, model.now).map((e) => e.id),
  );
  const leaks = await findLeaks(outDir, emails, hiddenIds);
  if (leaks.length) {
    const list = leaks
      .slice(0, 20)
      .map((l) => `  ${l.file}: ${l.what}`)
      .join('\n');
    throw new Error(`Privacy check failed: the output contains private data. Nothing was published.\n${list}`);
  }
  log(`privacy check: no recipient email or withheld award found in the output`);
}
