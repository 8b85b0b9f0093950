/**
 * Last line of defence for "private data is never published": after every
 * other step, scan the whole output for any recipient email and for the id of
 * any withheld (private, pending, ineligible) award. A hit fails the build.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BuildContext } from './context.ts';

const TEXT_FILE = /\.(html|json|xml|txt|js|mjs|css|svg|webmanifest|md)$|^_headers$|^_redirects$/;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export interface Leak {
  file: string;
  what: string;
}

export async function findLeaks(outDir: string, emails: ReadonlySet<string>, hiddenIds: ReadonlySet<string>): Promise<Leak[]> {
  const leaks: Leak[] = [];
  const entries = await readdir(outDir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  for (const file of files) {
    const relative = path.relative(outDir, file);
    for (const id of relative.match(UUID) ?? []) if (hiddenIds.has(id.toLowerCase())) leaks.push({ file: relative, what: `withheld award id ${id} in file name` });
    if (!TEXT_FILE.test(path.basename(file))) continue;
    const text = await readFile(file, 'utf8');
    for (const match of text.match(EMAIL) ?? []) {
      if (emails.has(match.toLowerCase())) leaks.push({ file: relative, what: `recipient email ${match}` });
    }
    for (const match of text.match(UUID) ?? []) {
      if (hiddenIds.has(match.toLowerCase())) leaks.push({ file: relative, what: `withheld award id ${match}` });
    }
  }
  return leaks;
}

export async function privacyGuard({ outDir, content, model, log }: BuildContext): Promise<void> {
  const emails = new Set(content.awards.map((a) => a.recipient.email.toLowerCase()));
  const hiddenIds = new Set(model.withheld.map((w) => w.id.toLowerCase()));
  const leaks = await findLeaks(outDir, emails, hiddenIds);
  if (leaks.length) {
    const list = leaks.slice(0, 20).map((l) => `  ${l.file}: ${l.what}`).join('\n');
    throw new Error(`Privacy check failed: the output contains private data. Nothing was published.\n${list}`);
  }
  log(`privacy check: no recipient email or withheld award found in the output`);
}
