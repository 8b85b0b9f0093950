/**
 * What the lifecycle tests share: a temporary folder per test file (removed
 * after it), fixture content copied into it, the issuer's commands run on a
 * content folder, git in a folder, and a hand edit of one award record.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { FIXTURE_NOW, fixtureContent, projectRoot } from './site-build.ts';

export const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
export type Json = Record<string, any>;

/** A temporary folder for this test file, removed when it ends. */
export function lifecycleTempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'emblem-lifecycle-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function copyFixture(tempDir: string, name: string): string {
  const dir = path.join(tempDir, name);
  cpSync(fixtureContent, dir, { recursive: true });
  return dir;
}

/** Runs one of the issuer's commands (scripts/<name>.ts) on a content folder. */
export function command(name: string, args: string[], contentDir: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [`scripts/${name}.ts`, ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, EMBLEM_CONTENT_DIR: contentDir, EMBLEM_NOW: FIXTURE_NOW, ...env },
  });
  return { status: result.status, output: result.stdout + result.stderr };
}

export function gitIn(cwd: string, ...args: string[]): void {
  const result = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.org',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.org',
    },
  });
  assert.equal(result.status, 0, result.stderr);
}

/** The fixture content committed in a fresh git repository (`<repo>/content`), as a published program's. */
export function committedFixture(tempDir: string, name: string): { repo: string; content: string } {
  const repo = path.join(tempDir, name);
  const content = path.join(repo, 'content');
  cpSync(fixtureContent, content, { recursive: true });
  gitIn(repo, 'init', '-q');
  gitIn(repo, 'add', '-A');
  gitIn(repo, 'commit', '-qm', 'published');
  return { repo, content };
}

/** Replaces one award's record in the fixture's batch file with what `change` makes of it. */
export function editRecord(contentDir: string, awardId: string, change: (record: string) => string): void {
  const file = path.join(contentDir, 'awards/fixture-awards.yaml');
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(`  - id: ${awardId}\n`);
  assert.ok(start >= 0, `${awardId} in the fixture`);
  const next = text.indexOf('\n  - id: ', start + 1);
  const end = next === -1 ? text.length : next + 1;
  writeFileSync(file, text.slice(0, start) + change(text.slice(start, end)) + text.slice(end));
}
