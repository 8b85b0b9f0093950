/**
 * `npm run verify` (scripts/verify.ts) against the fixture site built for an
 * HTTPS loopback origin, in child processes that trust the test certificate;
 * and the cross-check: for every published credential, Emblem's core and
 * @digitalcredentials/verifier-core agree.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { globSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bakedBadgesFromSite } from '../../src/steps/credentials/baked-badges.ts';
import { sitePaths } from '../../src/lib/site-urls.ts';
import { projectRoot } from '../helpers/site-build.ts';
import {
  AWARD,
  forgedProofSet,
  signedByAnotherKey,
  startHttpsFixtureSite,
  tamperedCredential,
  type HttpsFixtureSite,
} from '../helpers/verify-site.ts';

let site: HttpsFixtureSite;
let scratch: string;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A child Node process, run asynchronously: the site is served from this process. */
function run(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: projectRoot, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function cli(...args: string[]): Promise<Run> {
  return run(['scripts/verify.ts', ...args], {
    NODE_EXTRA_CA_CERTS: site.certFile,
    EMBLEM_SITE_URL: site.siteUrl,
    LANG: 'C',
  });
}

const url = (relative: string) => site.siteUrl + relative;
const builtFile = (relative: string) => path.join(site.outDir, relative);
const credentialOf = (id: string) =>
  JSON.parse(readFileSync(builtFile(sitePaths.ob3Credential(id)), 'utf8')) as Record<string, unknown>;
function scratchFile(name: string, data: string | Uint8Array): string {
  const file = path.join(scratch, name);
  writeFileSync(file, data);
  return file;
}

describe('npm run verify', () => {
  before(async () => {
    site = await startHttpsFixtureSite();
    scratch = mkdtempSync(path.join(tmpdir(), 'emblem-verify-cli-'));
  });
  after(async () => {
    await site?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('a valid award (page URL) verifies and exits 0', async () => {
    const run = await cli(url(sitePaths.awardPage(AWARD.valid)));
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /✓ Signature\s+The signature is valid/);
    assert.match(run.stdout, /✓ Issuer\s+Issued by this site’s issuer/);
    assert.match(run.stdout, /✓ Revocation\s+Not revoked/);
    assert.match(run.stdout, /^Verified:/m);
    assert.match(run.stdout, /Issued to: 김민지/);
    // The built site's issuance log (issue 28): the credential's entry, its inclusion proof checked from the tiles.
    assert.match(
      run.stdout,
      /Public issuance log: Entry \d+: inclusion proof checked in your browser against the signed checkpoint of \d+ entries/,
    );
  });

  test('a tampered credential fails its signature and exits 1', async () => {
    const file = scratchFile('tampered.json', JSON.stringify(tamperedCredential(credentialOf(AWARD.valid))));
    const run = await cli(file);
    assert.equal(run.status, 1);
    assert.match(run.stdout, /✗ Signature\s+The signature is not valid/);
    assert.match(run.stdout, /^Not verified:/m);
  });

  test('a revoked award reports revoked', async () => {
    const run = await cli(url(sitePaths.ob3Credential(AWARD.revoked)));
    assert.equal(run.status, 1);
    assert.match(run.stdout, /✗ Revocation\s+The issuer revoked this badge/);
  });

  test('an expired award reports expired', async () => {
    const run = await cli(url(sitePaths.awardPage(AWARD.expired)));
    assert.equal(run.status, 1);
    assert.match(run.stdout, /✗ Validity period\s+Expired on 20 May 2025/);
  });

  test('a credential signed by another key fails the issuer step', async () => {
    const file = scratchFile('other-key.json', JSON.stringify(await signedByAnotherKey(credentialOf(AWARD.valid))));
    const run = await cli(file);
    assert.equal(run.status, 1);
    assert.match(run.stdout, /✓ Signature/);
    assert.match(run.stdout, /✗ Issuer\s+Proof 1 of 1 is signed by did:key:/);
  });

  test('a forged proof set (the site’s proof kept, an attacker’s added over a changed name) is not verified', async () => {
    const forged = await forgedProofSet(credentialOf(AWARD.valid));
    const run = await cli(scratchFile('forged-set.json', JSON.stringify(forged)));
    assert.equal(run.status, 1, run.stdout);
    assert.match(run.stdout, /✗ Signature\s+The signature is not valid \(proof 1 of 2\)/);
    assert.match(run.stdout, /^Not verified:/m);
    const korean = await cli(scratchFile('forged-set-ko.json', JSON.stringify(forged)), '--lang', 'ko');
    assert.match(korean.stdout, /✗ 전자 서명\s+서명이 유효하지 않습니다\(증명 2개 중 1번째\)/);
  });

  test('JSON nested 5,000 levels deep is refused with a clear message and exit 1', async () => {
    const depth = 5000;
    const text = JSON.stringify(credentialOf(AWARD.valid)).replace(
      /^\{/,
      `{"extra":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)},`,
    );
    const run = await cli(scratchFile('deep.json', text));
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /✗ Badge format\s+This is not a badge: its JSON is nested more than 64 levels deep/);
    assert.doesNotMatch(run.stdout + run.stderr, /call stack/);
  });

  test('baked PNG and SVG files verify', async () => {
    const baked = await bakedBadgesFromSite(site.outDir, AWARD.valid);
    for (const [kind, bytes] of Object.entries(baked)) {
      const run = await cli(scratchFile(`baked-${kind}.${kind.slice(-3)}`, bytes));
      assert.equal(run.status, 0, `${kind}\n${run.stdout}${run.stderr}`);
      assert.match(run.stdout, /^Verified:/m);
    }
  });

  test('an OB 2.0 hosted assertion verifies; Korean output on request', async () => {
    const run = await cli(url(sitePaths.ob2Assertion(AWARD.valid)), '--lang', 'ko');
    assert.equal(run.status, 0, run.stdout);
    assert.match(run.stdout, /✓ 발급 기관 사본/);
    assert.match(run.stdout, /^검증됨:/m);
  });

  test('a file that is not a badge gets a clear message', async () => {
    const run = await cli(builtFile(sitePaths.awardCard(AWARD.valid)));
    assert.equal(run.status, 1);
    assert.match(run.stdout, /✗ Badge format\s+This is not a badge/);
  });

  test('--json prints the whole result; bad usage exits 2', async () => {
    const run = await cli(url(sitePaths.ob3Credential(AWARD.valid)), '--json');
    assert.equal(run.status, 0);
    const result = JSON.parse(run.stdout) as { outcome: string; steps: { id: string }[] };
    assert.equal(result.outcome, 'verified');
    assert.deepEqual(
      result.steps.map((s) => s.id),
      ['format', 'signature', 'issuer', 'status', 'validity'],
    );
    assert.equal((await cli()).status, 2);
    assert.equal((await cli('a', 'b')).status, 2);
  });

  test('cross-check: the core and @digitalcredentials/verifier-core agree on every published credential', async () => {
    const published = globSync('badges/*/credential.json', { cwd: site.outDir })
      .map((f) => path.join(site.outDir, f))
      .sort();
    assert.ok(published.length >= 8, `found ${published.length} credentials`);
    const tampered = scratchFile('tampered-cross.json', JSON.stringify(tamperedCredential(credentialOf(AWARD.valid))));
    const forged = scratchFile('forged-cross.json', JSON.stringify(await forgedProofSet(credentialOf(AWARD.valid))));
    const files = [...published, forged, tampered];
    const crossCheck = await run(['tests/helpers/verify-crosscheck.ts', site.siteUrl, ...files], {
      NODE_EXTRA_CA_CERTS: site.certFile,
    });
    assert.equal(crossCheck.status, 0, crossCheck.stderr);
    const rows = crossCheck.stdout
      .split('\n')
      .filter((line) => line.startsWith('{"file":'))
      .map((line) => JSON.parse(line) as { file: string; core: Record<string, unknown>; dcc: Record<string, unknown> });
    assert.equal(rows.length, files.length);
    for (const row of rows) {
      const name = path.relative(site.outDir, row.file);
      assert.equal(row.core.signature, row.dcc.signature, `${name}: signature`);
      if (!row.dcc.signature) continue;
      assert.equal(row.core.revocation, row.dcc.revocation, `${name}: revocation`);
      assert.equal(row.core.expiration, row.dcc.expiration, `${name}: expiration`);
    }
    // The comparison means something only if both said yes and no somewhere.
    const byFile = new Map(rows.map((r) => [path.relative(site.outDir, r.file), r]));
    assert.equal(byFile.get(sitePaths.ob3Credential(AWARD.valid))?.core.outcome, 'verified');
    assert.equal(byFile.get(sitePaths.ob3Credential(AWARD.revoked))?.dcc.revocation, false);
    assert.equal(byFile.get(sitePaths.ob3Credential(AWARD.expired))?.dcc.expiration, false);
    assert.equal(rows.at(-1)?.dcc.signature, false, 'the tampered copy fails in both');
    assert.equal(rows.at(-2)?.dcc.signature, false, 'the forged proof set fails in both');
  });
});
