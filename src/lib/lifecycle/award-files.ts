/**
 * Applies award edits to the content files (the I/O edge of award-edits.ts):
 * every file is edited in memory first, then each one replaced atomically.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { editAwardFile, type AwardEdit } from './award-edits.ts';
import { writeFileAtomic } from './ledger-files.ts';

export interface FileChange {
  /** Path relative to the content folder. */
  file: string;
  before: string;
  /** null: the file is deleted (it held only removed records). */
  after: string | null;
  ids: string[];
}

/** The changes the edits make, by file (`sources`: award id -> file relative to the content folder). */
export function planAwardEdits(
  contentDir: string,
  sources: ReadonlyMap<string, string>,
  edits: ReadonlyMap<string, AwardEdit>,
): FileChange[] {
  const byFile = new Map<string, Map<string, AwardEdit>>();
  const sourceOf = new Map([...sources].map(([id, file]) => [id.toLowerCase(), file]));
  for (const [id, edit] of edits) {
    const file = sourceOf.get(id);
    if (!file) throw new Error(`award ${id}: no content file holds it`);
    if (!byFile.has(file)) byFile.set(file, new Map());
    byFile.get(file)!.set(id, edit);
  }
  return [...byFile].map(([file, fileEdits]) => {
    const before = readFileSync(path.join(contentDir, file), 'utf8');
    const { text, applied } = editAwardFile(file, before, fileEdits);
    const missing = [...fileEdits.keys()].filter((id) => !applied.has(id));
    if (missing.length) throw new Error(`${file}: could not edit award(s) ${missing.join(', ')}`);
    return { file, before, after: text, ids: [...applied] };
  });
}

export function applyFileChanges(contentDir: string, changes: readonly FileChange[]): void {
  for (const change of changes) {
    const file = path.join(contentDir, change.file);
    if (change.after === null) rmSync(file);
    else writeFileAtomic(file, change.after);
  }
}
