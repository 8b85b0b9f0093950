/**
 * `npm run claims:apply` as a process, on real files: an inbox of 200,000
 * lines, and a daily re-run on an inbox it already applied.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { claimToken } from '../../../../src/lib/claims/token.ts';
import { loadContent } from '../../../../src/lib/content/content-files.ts';
import { appliedClaimProblem } from '../../../../src/lib/state/applied-claims.ts';
import { parseLog } from '../../../../src/lib/state/append-log.ts';
import { contentCopy } from '../../../helpers/mail.ts';
import { projectRoot } from '../../../helpers/site-build.ts';

const SECRET = 'apply-test-secret-0123456789abcdefghijklmnop';
const PENDING = '00000000-0000-4000-8000-000000000007';
const PENDING_BADGE = 'data-analyst-associate';

function claimsApply(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['scripts/claims-apply.ts', ...args, '--lang', 'en'],
      { cwd: projectRoot, env: { ...process.env, EMBLEM_CLAIM_SECRET: SECRET }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const line = (fields: Record<string, string>) =>
  `${JSON.stringify({ receivedAt: '2026-11-20T09:00:00.000Z', v: '1', award: PENDING, badge: PENDING_BADGE, token: claimToken(SECRET, PENDING, PENDING_BADGE), choice: 'public', locale: 'ko', ...fields })}\n`;

describe('claims:apply', () => {
  test('reads an inbox of 200,000 lines (over 35 MB) without running out of stack', async () => {
    const dir = contentCopy('claims-large');
    const inbox = path.join(dir, 'inbox.jsonl');
    // The same claim replayed, padded to the size of a real flood (~175 bytes a line).
    writeFileSync(inbox, line({ note: 'x'.repeat(14) }).repeat(200_000));
    const result = await claimsApply([inbox, '--content', dir]);
    assert.doesNotMatch(result.stderr, /RangeError|Maximum call stack/);
    assert.equal(result.code, 0, result.stderr + result.stdout.slice(0, 2000));
    assert.match(result.stdout, new RegExp(`will be published: Hidden Pending .*${PENDING}`));
    assert.ok(result.stdout.split('\n').length < 20, 'repeats are counted, not listed one by one');
    // For logs others read (the claim workflow): award ids, no earner's name.
    const idsOnly = await claimsApply([inbox, '--content', dir, '--ids-only']);
    assert.match(idsOnly.stdout, new RegExp(`will be published: \\[name\\] .*${PENDING}`));
    assert.doesNotMatch(idsOnly.stdout, /Hidden Pending/);
  });

  test('a re-run on an inbox already applied counts those claims as done and exits 0; a conflicting one fails', async () => {
    const dir = contentCopy('claims-rerun');
    const inbox = path.join(dir, 'inbox.jsonl');
    const awardsFile = path.join(dir, 'awards/fixture-awards.yaml');
    // The earner changed their mind once: the last line wins.
    writeFileSync(inbox, line({ choice: 'public' }) + line({ choice: 'private' }));
    const first = await claimsApply([inbox, '--write', '--content', dir]);
    assert.equal(first.code, 0, first.stderr + first.stdout);
    const award = () => loadContent(dir).awards.find((a) => a.id === PENDING)!;
    assert.deepEqual([award().claim, award().visibility], ['accepted', 'private']);
    const applied = readFileSync(awardsFile, 'utf8');
    // The applied-claims record, committed with the content: one sealed line of ids, no name.
    const recordFile = path.join(dir, 'state/applied-claims.jsonl');
    const record = () => parseLog(readFileSync(recordFile, 'utf8'), appliedClaimProblem);
    assert.deepEqual(
      record().entries.map((e) => [e.award, e.choice]),
      [[PENDING, 'private']],
    );
    assert.deepEqual(record().problems, []);
    assert.doesNotMatch(readFileSync(recordFile, 'utf8'), /Hidden Pending|@/);

    const again = await claimsApply([inbox, '--write', '--content', dir]);
    assert.equal(again.code, 0, again.stderr + again.stdout);
    assert.match(again.stdout, /1 claim\(s\) already applied/);
    assert.doesNotMatch(again.stdout, /refused/);
    assert.equal(readFileSync(awardsFile, 'utf8'), applied, 'nothing changed');
    assert.equal(record().entries.length, 1, 'nothing recorded twice');

    // A later, different choice for an award already applied is a conflict: reported, exit 1, nothing changed.
    writeFileSync(inbox, line({ choice: 'public' }), { flag: 'a' });
    const conflict = await claimsApply([inbox, '--write', '--content', dir]);
    assert.equal(conflict.code, 1, conflict.stdout);
    assert.match(conflict.stdout, /refused: .*inbox\.jsonl line 3 .*already claimed as private/);
    assert.equal(readFileSync(awardsFile, 'utf8'), applied);
  });
});
