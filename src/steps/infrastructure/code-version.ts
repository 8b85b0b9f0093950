/**
 * A fingerprint of the code that turns inputs into output files: every
 * TypeScript source of the domain core and the build steps, the lockfile
 * (library versions) and the Node.js and ICU versions (dates are formatted
 * with Intl). Caches keyed by their inputs include it, so any change to the
 * code, however small, misses them all: one full rebuild rather than a page
 * made by old code.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const projectRoot = path.resolve(import.meta.dirname, '../../..');
/** What the fingerprint covers, relative to the project root: folders (their .ts files, recursively) and files. */
const SOURCES = ['src/lib', 'src/steps', 'package-lock.json'];

let memo: string | undefined;

export function codeVersion(root = projectRoot, sources = SOURCES): string {
  if (root === projectRoot && sources === SOURCES && memo) return memo;
  const hash = createHash('sha256').update(`node ${process.version} icu ${process.versions.icu ?? '-'}\n`);
  for (const source of sources) {
    const full = path.join(root, source);
    const files = source.endsWith('.json')
      ? [full]
      : readdirSync(full, { recursive: true, withFileTypes: true })
          .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
          .map((entry) => path.join(entry.parentPath, entry.name))
          .sort();
    for (const file of files) {
      const bytes = readFileSync(file);
      hash.update(`${path.relative(root, file)}\n${bytes.length}\n`).update(bytes);
    }
  }
  const version = hash.digest('hex');
  if (root === projectRoot && sources === SOURCES) memo = version;
  return version;
}
