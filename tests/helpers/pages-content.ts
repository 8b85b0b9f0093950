/**
 * Content for tests of the editors' pages: the fixture content plus the real
 * MDX pages from content/pages (so the FAQ that ships is the one tested), and
 * copies of it with one deliberate defect each.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixtureContent, projectRoot } from './site-build.ts';

export const realPagesDir = path.join(projectRoot, 'content/pages');

/** Fixture content + content/pages, at a path named after what it holds, so
 * builds of it are reused within a test run and never go stale after an edit. */
export function pagesContent(): string {
  const hash = createHash('sha256');
  for (const dir of [fixtureContent, realPagesDir]) {
    for (const file of readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile())) {
      const full = path.join(file.parentPath, file.name);
      hash.update(path.relative(projectRoot, full)).update(readFileSync(full));
    }
  }
  const dir = path.join(projectRoot, `.tmp/pages-content/${hash.digest('hex').slice(0, 12)}`);
  if (existsSync(dir)) return dir;
  // Test files run side by side: copied aside, then renamed, so no file ever reads half a copy.
  const partial = contentCopy(path.relative(projectRoot, `${dir}.${process.pid}`));
  try {
    renameSync(partial, dir);
  } catch {
    rmSync(partial, { recursive: true, force: true }); // another test file made it first
  }
  return dir;
}

/** A fresh copy of pagesContent() under .tmp/pages-defects/<name>, changed by `edit(dir)`. */
export function defectContent(name: string, edit: (dir: string) => void): string {
  const dir = contentCopy(path.join('.tmp/pages-defects', name));
  edit(dir);
  return dir;
}

/** Replaces `from` (which must occur) in a file of a content copy. */
export function replaceIn(dir: string, file: string, from: string | RegExp, to: string): void {
  const full = path.join(dir, file);
  const text = readFileSync(full, 'utf8');
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`test setup: ${String(from)} not found in ${file}`);
  writeFileSync(full, changed);
}

function contentCopy(relative: string): string {
  const dir = path.join(projectRoot, relative);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(fixtureContent, dir, { recursive: true });
  // The pages of the fixture's languages only: content/pages also holds languages the fixture does not publish
  // (Japanese), and a page folder of a language the issuer does not list is an error.
  const locales = new Set(
    /^locales: \[(.*)\]$/m.exec(readFileSync(path.join(fixtureContent, 'issuer.yaml'), 'utf8'))![1]!.split(/,\s*/),
  );
  cpSync(realPagesDir, path.join(dir, 'pages'), {
    recursive: true,
    filter: (source) => {
      const folder = path.relative(realPagesDir, source).split(path.sep)[0];
      return !folder || locales.has(folder);
    },
  });
  return dir;
}
