/**
 * npm run log -- verify (issue 28): anyone checks a site's issuance log, keeps
 * the checkpoint it saw, and is told when the log was rewritten, rebuilt from
 * scratch, holds a credential logged with two dates, or when the site's status
 * list drops a revocation the log holds; with --credential, whether that very
 * credential is in the log (inclusion proof checked). Runs the command on a
 * folder holding a site's log and status list.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { ob2RevocationList } from '../../../src/lib/credentials/ob2.ts';
import { statusListCredential } from '../../../src/lib/credentials/status-list.ts';
import { siteUrls } from '../../../src/lib/site-urls.ts';
import { awardHash, credentialDigest, encodeEntry, type LogEntry } from '../../../src/lib/transparency/entries.ts';
import { TransparencyLog } from '../../../src/lib/transparency/log.ts';
import { logKeyFrom, logOrigin } from '../../../src/lib/transparency/note.ts';
import { serveStatic } from '../../../scripts/lib/static-server.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const work = mkdtempSync(path.join(os.tmpdir(), 'emblem-log-cli-'));
after(() => rmSync(work, { recursive: true, force: true }));
const SITE = 'https://badges.example.org/';
const urls = siteUrls(SITE);
const signer = logKeyFrom('zrv-test-secret', logOrigin(SITE));
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const credential = (n: number, validFrom = '2026-01-01T00:00:00Z') => ({
  id: urls.url(`badges/${id(n)}/credential.json`),
  validFrom,
  credentialSubject: { n },
  proof: { proofValue: 'z1' },
});
const issued = (n: number, validFrom?: string): LogEntry => {
  const doc = credential(n, validFrom);
  return {
    v: 1,
    event: 'issued',
    award: awardHash(id(n)),
    credential: credentialDigest(doc),
    validFrom: doc.validFrom,
  };
};
const revokedEntry = (n: number): LogEntry => ({
  v: 1,
  event: 'revoked',
  award: awardHash(id(n)),
  on: '2026-02-01T00:00:00Z',
  statusIndex: n * 10,
});

/** A site folder with this log and a status list setting these slots. */
async function site(name: string, entries: LogEntry[], setSlots: number[]): Promise<string> {
  const folder = path.join(work, name);
  const log = new TransparencyLog(entries.map(encodeEntry));
  for (const [relative, bytes] of log.files(signer)) {
    mkdirSync(path.dirname(path.join(folder, 'log', relative)), { recursive: true });
    writeFileSync(path.join(folder, 'log', relative), bytes);
  }
  mkdirSync(path.join(folder, 'status'), { recursive: true });
  const list = await statusListCredential({
    listUrl: urls.url('status/revocation.json'),
    issuer: 'did:web:badges.example.org',
    revokedIndexes: setSlots,
    validFrom: '2026-01-01T00:00:00Z',
  });
  writeFileSync(path.join(folder, 'status/revocation.json'), JSON.stringify(list));
  writeFileSync(path.join(folder, 'revocations.json'), JSON.stringify(ob2RevocationList([], urls)));
  return folder;
}

function logVerify(folder: string, ...args: string[]) {
  const result = spawnSync(process.execPath, ['scripts/log.ts', 'verify', folder, '--site', SITE, ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  return { status: result.status, output: result.stdout + result.stderr };
}

const good = [issued(1), issued(2), revokedEntry(2)];

describe('npm run log -- verify', () => {
  test('--help in English and Korean, usage errors exit 2', () => {
    const en = spawnSync(process.execPath, ['scripts/log.ts', '--help', '--lang', 'en'], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.equal(en.status, 0);
    assert.match(en.stdout, /^usage: npm run log -- verify/);
    const ko = spawnSync(process.execPath, ['scripts/log.ts', '--help', '--lang', 'ko'], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.match(ko.stdout, /^사용법: npm run log -- verify/);
    assert.equal(spawnSync(process.execPath, ['scripts/log.ts', 'verify'], { cwd: root }).status, 2);
    assert.equal(spawnSync(process.execPath, ['scripts/log.ts', 'verify', work], { cwd: root }).status, 2);
    assert.equal(spawnSync(process.execPath, ['scripts/log.ts', 'verify', work, '--bogus'], { cwd: root }).status, 2);
  });

  test('a good log verifies; its checkpoint is kept, and the next run checks the log grew from it', async () => {
    const state = path.join(work, 'state-good.json');
    const first = logVerify(await site('good', good, [20]), '--state', state);
    assert.equal(first.status, 0, first.output);
    assert.match(first.output, /log key was read from the site \(first use\)/);
    assert.match(first.output, /the log verifies: 3 entries/);
    assert.equal(JSON.parse(readFileSync(state, 'utf8')).vkey, signer.vkey);
    const grown = logVerify(await site('grown', [...good, issued(3)], [20]), '--state', state);
    assert.equal(grown.status, 0, grown.output);
    assert.match(grown.output, /extends the checkpoint of 3 entries seen before/);
  });

  test('a log rewritten or rebuilt from scratch (signed with the right key) is flagged against the kept checkpoint', async () => {
    const state = path.join(work, 'state-rebuilt.json');
    assert.equal(logVerify(await site('before', good, [20]), '--state', state).status, 0);
    const rebuilt = logVerify(
      await site('rebuilt', [issued(2), issued(1), revokedEntry(2), issued(3)], [20]),
      '--state',
      state,
    );
    assert.equal(rebuilt.status, 1);
    assert.match(
      rebuilt.output,
      /does not extend the checkpoint of 3 entries seen before: it was rewritten, shortened or rebuilt from scratch/,
    );
    const shorter = logVerify(await site('shorter', good.slice(0, 2), [20]), '--state', state);
    assert.equal(shorter.status, 1);
  });

  test('an entry changed in place (the checkpoint not re-signed) is flagged', async () => {
    const folder = await site('tampered', good, [20]);
    const bundle = path.join(folder, 'log/tile/entries/000.p/3');
    writeFileSync(
      bundle,
      Buffer.from(readFileSync(bundle).toString('latin1').replace('2026-02-01', '2026-03-01'), 'latin1'),
    );
    const result = logVerify(folder, '--key', signer.vkey, '--state', path.join(work, 'state-tampered.json'));
    assert.equal(result.status, 1);
    assert.match(result.output, /the entries do not hash to the checkpoint's root/);
  });

  test('back-dating: a credential logged again with an earlier validFrom is flagged, and the back-dated credential is not the logged one', async () => {
    const folder = await site('backdated', [...good, issued(1, '2025-06-01T00:00:00Z')], [20]);
    const result = logVerify(folder, '--key', signer.vkey, '--state', path.join(work, 'state-backdated.json'));
    assert.equal(result.status, 1);
    assert.match(
      result.output,
      new RegExp(
        `award ${awardHash(id(1))}: was logged as valid from 2026-01-01T00:00:00Z \\(entry 0\\) and again as valid from 2025-06-01T00:00:00Z \\(entry 3\\)`,
      ),
    );
    const file = path.join(work, 'backdated-credential.json');
    writeFileSync(file, JSON.stringify(credential(1, '2025-06-01T00:00:00Z')));
    const one = logVerify(
      await site('one', good, [20]),
      '--key',
      signer.vkey,
      '--state',
      path.join(work, 'state-one.json'),
      '--credential',
      file,
    );
    assert.equal(one.status, 1);
    assert.match(one.output, /the credential is not the one the log holds for its award \(entry 0\)/);
  });

  test('a revocation the log holds and the status list dropped is flagged', async () => {
    const result = logVerify(
      await site('dropped', good, []),
      '--key',
      signer.vkey,
      '--state',
      path.join(work, 'state-dropped.json'),
    );
    assert.equal(result.status, 1);
    assert.match(
      result.output,
      new RegExp(
        `award ${awardHash(id(2))}: revoked in the log \\(entry 2, from 2026-02-01T00:00:00Z\\), but status slot 20 is clear`,
      ),
    );
  });

  test('--credential: its entry, the inclusion proof checked, and its revocation', async () => {
    const file = path.join(work, 'credential-2.json');
    writeFileSync(file, JSON.stringify(credential(2)));
    const result = logVerify(
      await site('with-credential', good, [20]),
      '--state',
      path.join(work, 'state-credential.json'),
      '--credential',
      file,
      '--lang',
      'en',
    );
    assert.equal(result.status, 0, result.output);
    assert.match(
      result.output,
      /the credential is entry 1 of the log .* inclusion proof checked against the checkpoint of 3/,
    );
    assert.match(result.output, /the award is revoked in the log \(entry 2, from 2026-02-01T00:00:00Z\)/);
    const other = logVerify(
      await site('other-key', good, [20]),
      '--key',
      logKeyFrom('zrv-other', logOrigin(SITE)).vkey,
      '--state',
      path.join(work, 'state-other.json'),
    );
    assert.equal(other.status, 1);
    assert.match(other.output, /no signature by a known key/);
  });

  test('reads a site over HTTP (the server in this process: the command runs asynchronously)', async (t) => {
    const server = await serveStatic({ root: await site('served', good, [20]) });
    t.after(() => server.close());
    const run = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        [
          'scripts/log.ts',
          'verify',
          `${server.origin}/`,
          '--site',
          SITE,
          '--state',
          path.join(work, 'state-http.json'),
        ],
        { cwd: root, encoding: 'utf8' },
        (_error, stdout, stderr) => resolve({ code: child.exitCode, output: stdout + stderr }),
      );
    });
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /the log verifies: 3 entries/);
  });
});
