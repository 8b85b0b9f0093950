/**
 * Last line of defence for "private data is never published": after every
 * other step, scan the whole output for any recipient email, for the id of
 * any withheld (private, pending, ineligible) award, and for secrets: the
 * signing key (its secret half and its file) and the values of secret
 * `EMBLEM_*` settings. A hit fails the build.
 *
 * One exception, from the ledger: a revoked award that was published before
 * and is now hidden keeps its tombstone (id, revoked, reason) and its line in
 * revocations.json; its id was public already. Every other withheld id stays
 * forbidden.
 */
import { tombstones } from '../../lib/lifecycle/ledger.ts';
import type { BuildContext } from '../context.ts';
import { outputScan, type ScannedFile, saveScanCache, scanFolder } from './output-scan.ts';
import { type Secret, uuidsIn } from './private-tokens.ts';

export interface Leak {
  file: string;
  what: string;
}

/** The leaks in one scanned file: its name, the secrets found in it, and its tokens that are this build's private data. */
export function leaksOf(
  file: string,
  scanned: ScannedFile,
  emails: ReadonlySet<string>,
  hiddenIds: ReadonlySet<string>,
): Leak[] {
  const what: string[] = [];
  for (const id of uuidsIn(file)) if (hiddenIds.has(id)) what.push(`withheld award id ${id} in the file name`);
  what.push(...scanned.secrets);
  for (const email of scanned.facts?.emails ?? []) if (emails.has(email)) what.push(`recipient email ${email}`);
  for (const id of scanned.facts?.uuids ?? []) if (hiddenIds.has(id)) what.push(`withheld award id ${id}`);
  return what.map((w) => ({ file, what: w }));
}

function leaksIn(
  files: ReadonlyMap<string, ScannedFile>,
  emails: ReadonlySet<string>,
  hiddenIds: ReadonlySet<string>,
): Leak[] {
  const leaks: Leak[] = [];
  for (const [file, scanned] of files) leaks.push(...leaksOf(file, scanned, emails, hiddenIds));
  return leaks;
}

/** The leaks in a folder (every file read; no cache): for tests and tools. */
export async function findLeaks(
  outDir: string,
  emails: ReadonlySet<string>,
  hiddenIds: ReadonlySet<string>,
  secrets: readonly Secret[] = [],
): Promise<Leak[]> {
  return leaksIn(await scanFolder(outDir, secrets), emails, hiddenIds);
}

/** Withheld ids that must not appear: all of them except revoked tombstones of awards published before. */
export function forbiddenIds(withheldIds: readonly string[], tombstoneIds: readonly string[]): Set<string> {
  const allowed = new Set(tombstoneIds.map((id) => id.toLowerCase()));
  return new Set(withheldIds.map((id) => id.toLowerCase()).filter((id) => !allowed.has(id)));
}

export async function privacyGuard(context: BuildContext): Promise<void> {
  const { content, model, ledger, log } = context;
  const emails = new Set(content.awards.map((a) => a.recipient.email.toLowerCase()));
  const published = new Set(model.published.map((p) => p.award.id));
  const hiddenIds = forbiddenIds(
    model.withheld.map((w) => w.id),
    tombstones(ledger, published, model.now).map((e) => e.id),
  );
  // Every file of the output, as it is now: listed again, and files written after the first scan read again.
  const scan = await outputScan(context, { relist: true });
  const leaks = leaksIn(scan.files, emails, hiddenIds);
  if (leaks.length) {
    const list = leaks
      .slice(0, 20)
      .map((l) => `  ${l.file}: ${l.what}`)
      .join('\n');
    throw new Error(
      `Privacy check failed: the output contains private data or secrets. Nothing was published.\n${list}`,
    );
  }
  await saveScanCache(context);
  log(
    `privacy check: no recipient email, withheld award or secret found in the ${scan.files.size} file(s) of the output (${scan.stats.parsed} file(s) parsed, ${scan.stats.reused} unchanged since an earlier build)`,
  );
}
