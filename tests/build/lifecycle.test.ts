/**
 * The issuer's lifecycle replayed end to end: content copied from the fixture,
 * changed with the real commands (npm run revoke / erase / unrevoke / ledger)
 * or by hand like an editor would, built through scripts/build.ts, served over
 * HTTPS on loopback, and checked with @digitalcredentials/verifier-core: a
 * credential downloaded before a change must still be answered correctly after it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server.ts';
import { generateSigningKey } from '../../src/lib/credentials/keys.ts';
import { parseLedger, sealEntry, serializeLedger } from '../../src/lib/lifecycle/ledger.ts';
import { FIXTURE_NOW, fixtureContent, projectRoot, runBuild } from '../helpers/site-build.ts';
import { freePort, selfSignedCertificate } from '../helpers/tls.ts';
import { filesUnder, verifierStep, verifyWithVerifierCore } from '../helpers/verifier-core.ts';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
type Json = Record<string, any>;

const tempDir = mkdtempSync(path.join(tmpdir(), 'emblem-lifecycle-'));
const certificate = selfSignedCertificate();
const tls = { key: certificate.key, cert: certificate.cert };
after(() => {
  rmSync(tempDir, { recursive: true, force: true });
  rmSync(certificate.dir, { recursive: true, force: true });
});

function copyFixture(name: string): string {
  const dir = path.join(tempDir, name);
  cpSync(fixtureContent, dir, { recursive: true });
  return dir;
}

/** Runs one of the issuer's commands (scripts/<name>.ts) on a content folder. */
function command(name: string, args: string[], contentDir: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [`scripts/${name}.ts`, ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    env: { ...process.env, EMBLEM_CONTENT_DIR: contentDir, EMBLEM_NOW: FIXTURE_NOW, ...env },
  });
  return { status: result.status, output: result.stdout + result.stderr };
}

function gitIn(cwd: string, ...args: string[]): void {
  const result = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org' },
  });
  assert.equal(result.status, 0, result.stderr);
}

/** Inserts a line after the `issuedOn` line of one award in the fixture's batch file. */
function editRecord(contentDir: string, awardId: string, change: (record: string) => string): void {
  const file = path.join(contentDir, 'awards/fixture-awards.yaml');
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(`  - id: ${awardId}\n`);
  assert.ok(start >= 0, `${awardId} in the fixture`);
  const next = text.indexOf('\n  - id: ', start + 1);
  const end = next === -1 ? text.length : next + 1;
  writeFileSync(file, text.slice(0, start) + change(text.slice(start, end)) + text.slice(end));
}

describe('lifecycle: what a downloaded credential says after the award is revoked, hidden, deleted or erased', () => {
  const HIDDEN = id(1); // revoke, then the earner asks to hide it
  const DELETED = id(5); // revoke, then the record is deleted
  const ERASED = id(13); // erased at the earner's request
  const ERASED_NAME = '황보은비';
  let port: number;
  let origin: string;
  let content: string;
  let cache: string;
  const downloaded = new Map<string, Json>();
  const build = (name: string) => {
    const result = runBuild({ siteUrl: `${origin}/`, contentDir: content, outDir: path.join(tempDir, name), env: { EMBLEM_BUILD_CACHE: cache } });
    assert.equal(result.status, 0, `build ${name} failed:\n${result.stdout}\n${result.stderr}`);
    return result;
  };
  const serve = async (dist: string, body: (server: StaticServer) => Promise<void>) => {
    const server = await serveStatic({ root: dist, tls, port });
    try {
      await body(server);
    } finally {
      await server.close();
    }
  };
  /** GET over HTTPS trusting the test certificate, as a hosted verifier would. */
  const fetchJson = (url: string) =>
    new Promise<Json>((resolve, reject) => {
      https
        .get(url, { ca: tls.cert, agent: false }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            if (res.statusCode !== 200) reject(new Error(`${url} answered ${res.statusCode}`));
            else resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json);
          });
        })
        .on('error', reject);
    });

  before(async () => {
    port = await freePort();
    origin = `https://localhost:${port}`;
    content = copyFixture('replay-content');
    cache = path.join(tempDir, 'replay-cache');
    const first = build('first');
    // The earners download their credentials (a wallet, a baked image: copies the site no longer controls).
    for (const awardId of [HIDDEN, DELETED, ERASED]) {
      downloaded.set(awardId, JSON.parse(readFileSync(path.join(first.outDir, `badges/${awardId}/credential.json`), 'utf8')) as Json);
    }
  });

  test('the replay: revoke → private, revoke → delete, erase; the credentials downloaded before are reported revoked after', async () => {
    // Before any change they verify, and are not revoked.
    await serve(path.join(tempDir, 'first'), async () => {
      for (const result of await verifyWithVerifierCore([...downloaded.values()], certificate.certFile)) {
        assert.equal(result.errors, undefined, JSON.stringify(result.errors));
        assert.equal(verifierStep(result, 'revocation_status'), true);
      }
    });

    const revoke = command('revoke', [HIDDEN, DELETED, '--reason', 'Exam result withdrawn.', '--write'], content);
    assert.equal(revoke.status, 0, revoke.output);
    build('revoked');
    const cardsBefore = readdirSync(path.join(cache, 'cards')).length;
    const erase = command('erase', [ERASED, '--write'], content, { EMBLEM_BUILD_CACHE: cache, EMBLEM_SITE_URL: `${origin}/` });
    assert.equal(erase.status, 0, erase.output);
    assert.match(erase.output, /cache .*cards/, 'the erased award’s card is found in the cache');
    assert.match(erase.output, /cache .*proofs/, 'and its signed proof');
    assert.match(erase.output, /Git history/);
    assert.ok(readdirSync(path.join(cache, 'cards')).length < cardsBefore, 'card removed from the cache');
    assert.ok(!readFileSync(path.join(content, 'awards/fixture-awards.yaml'), 'utf8').includes(ERASED_NAME), 'the record is gone from the content');
    // Then editors at work: the earner asked to hide the award; another record is deleted.
    editRecord(content, HIDDEN, (record) => record.replace(/(issuedOn: .*\n)/, '$1    visibility: private\n'));
    editRecord(content, DELETED, () => '');

    const last = build('after');
    assert.match(last.stdout, /ledger: updated/, 'the development build records the hidden and the deleted award');
    const dist = last.outDir;
    const ledger = parseLedger(readFileSync(path.join(content, 'ledger.jsonl'), 'utf8'));
    assert.deepEqual(ledger.problems, []);
    const entry = (awardId: string) => ledger.ledger.entries.find((e) => e.id === awardId)!;
    assert.equal(entry(HIDDEN).state, 'withheld');
    assert.equal(entry(DELETED).state, 'deleted');
    assert.equal(entry(ERASED).state, 'erased');

    await serve(dist, async () => {
      const results = await verifyWithVerifierCore([...downloaded.values()], certificate.certFile);
      [...downloaded.keys()].forEach((awardId, i) => {
        const result = results[i]!;
        assert.equal(verifierStep(result, 'valid_signature'), true, `${awardId}: the downloaded copy still has a good signature`);
        assert.equal(verifierStep(result, 'revocation_status'), false, `${awardId}: reported revoked after the change`);
      });
      const list = await fetchJson(`${origin}/status/revocation.json`);
      const bits = await decodeList({ encodedList: list.credentialSubject.encodedList });
      for (const [awardId, credential] of downloaded) {
        const index = Number(credential.credentialStatus.statusListIndex);
        assert.equal(index, entry(awardId).index, `${awardId} kept its slot`);
        assert.equal(bits.getStatus(index), true, `${awardId} bit set`);
      }
      const revocations = await fetchJson(`${origin}/revocations.json`);
      const listed = revocations.revokedAssertions.map((r: Json) => r.id);
      for (const awardId of downloaded.keys()) {
        assert.ok(listed.includes(`${origin}/badges/${awardId}/assertion.json`), `${awardId} on the OB 2.0 revocation list`);
        const tombstone = await fetchJson(`${origin}/badges/${awardId}/assertion.json`);
        assert.equal(tombstone.revoked, true);
        assert.ok(tombstone.revocationReason);
        assert.equal(tombstone.recipient, undefined, 'a tombstone carries nothing personal');
      }
    });
    for (const awardId of downloaded.keys()) {
      for (const file of ['index.html', 'credential.json', 'card.png', 'badge-ob3.png']) {
        assert.ok(!existsSync(path.join(dist, 'badges', awardId, file)), `${awardId}/${file} is not published`);
      }
    }
    for (const file of filesUnder(dist).filter((f) => /\.(html|json|xml|svg|txt)$/.test(f))) {
      const text = readFileSync(file, 'utf8');
      for (const name of ['김민지', '박지호', ERASED_NAME]) assert.ok(!text.includes(name), `${name} in ${file}`);
    }
  });
});

describe('lifecycle: the ledger guards the build', () => {
  test('a production build refuses an out-of-date ledger, naming the command; after `npm run ledger -- --write` it builds', async () => {
    const content = copyFixture('prod-content');
    const newId = '00000000-0000-4000-8000-000000000077';
    const file = path.join(content, 'awards/fixture-awards.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8') +
        `  - id: ${newId}\n    recipient: { name: New Person, email: fixture.new@mail.example.com }\n    badge: cloud-fundamentals\n    issuedOn: "2026-11-01T10:00:00+09:00"\n`,
    );
    const ledgerBefore = readFileSync(path.join(content, 'ledger.jsonl'), 'utf8');
    const key = JSON.stringify(await generateSigningKey());
    const env = { EMBLEM_MODE: 'production', EMBLEM_SIGNING_KEY: key };
    const refused = runBuild({ contentDir: content, outDir: path.join(tempDir, 'prod-refused'), env });
    assert.notEqual(refused.status, 0);
    const output = refused.stdout + refused.stderr;
    assert.match(output, /out of date/);
    assert.ok(output.includes(newId), 'names the award');
    assert.ok(output.includes('npm run ledger -- --write'), 'gives the one command');
    assert.equal(readFileSync(path.join(content, 'ledger.jsonl'), 'utf8'), ledgerBefore, 'a production build writes no state');
    assert.ok(!existsSync(path.join(tempDir, 'prod-refused', 'index.html')), 'nothing published');

    const dry = command('ledger', [], content);
    assert.equal(dry.status, 0, dry.output);
    assert.match(dry.output, new RegExp(`new: ${newId} takes status slot \\d+`));
    assert.equal(readFileSync(path.join(content, 'ledger.jsonl'), 'utf8'), ledgerBefore, 'a dry run writes nothing');
    const update = command('ledger', ['--write'], content);
    assert.equal(update.status, 0, update.output);
    const built = runBuild({ contentDir: content, outDir: path.join(tempDir, 'prod-built'), env });
    assert.equal(built.status, 0, built.stdout + built.stderr);
    assert.ok(existsSync(path.join(tempDir, 'prod-built', 'badges', newId, 'credential.json')));
  });

  test('hand edits that would un-revoke stop the build, naming the award; npm run unrevoke is the way', async () => {
    const REVOKED = id(4);
    const content = copyFixture('tamper-content');
    const ledgerFile = path.join(content, 'ledger.jsonl');
    const original = readFileSync(ledgerFile, 'utf8');
    // 1. The revocation removed from the ledger entry.
    writeFileSync(ledgerFile, original.replace(/(\{"index":\d+,"id":"00000000-0000-4000-8000-000000000004"[^\n]*?),"revoked":\{[^}]*\}/, '$1'));
    assert.notEqual(readFileSync(ledgerFile, 'utf8'), original);
    const tampered = runBuild({ contentDir: content, outDir: path.join(tempDir, 'tampered') });
    assert.notEqual(tampered.status, 0);
    assert.match(tampered.stdout + tampered.stderr, new RegExp(`award ${REVOKED}: was edited by hand`));
    // 2. The revocation removed from the record.
    writeFileSync(ledgerFile, original);
    editRecord(content, REVOKED, (record) => record.replace(/ {4}revoked: .*\n/, ''));
    const unrevokedByHand = runBuild({ contentDir: content, outDir: path.join(tempDir, 'unrevoked-by-hand') });
    assert.notEqual(unrevokedByHand.status, 0);
    const output = unrevokedByHand.stdout + unrevokedByHand.stderr;
    assert.ok(output.includes(`award ${REVOKED}: is revoked in the ledger`), output);
    assert.match(output, /npm run unrevoke/);
    // 3. The explicit way: restore the record, un-revoke with a reason, build.
    cpSync(path.join(fixtureContent, 'awards'), path.join(content, 'awards'), { recursive: true });
    assert.equal(command('unrevoke', [REVOKED], content).status, 2, 'a reason is required');
    const unrevoke = command('unrevoke', [REVOKED, '--reason', 'Appeal upheld.', '--write'], content);
    assert.equal(unrevoke.status, 0, unrevoke.output);
    const entry = parseLedger(readFileSync(ledgerFile, 'utf8')).ledger.entries.find((e) => e.id === REVOKED)!;
    assert.equal(entry.revoked, undefined);
    assert.equal(entry.unrevoked?.[0]?.reason, 'Appeal upheld.');
    const built = runBuild({ contentDir: content, outDir: path.join(tempDir, 'unrevoked') });
    assert.equal(built.status, 0, built.stdout + built.stderr);
    const list = JSON.parse(readFileSync(path.join(built.outDir, 'status/revocation.json'), 'utf8')) as Json;
    const bits = await decodeList({ encodedList: list.credentialSubject.encodedList });
    assert.equal(bits.getStatus(entry.index), false, 'the bit is cleared only through the command');
  });
});

describe('lifecycle: the committed ledger', () => {
  test('an edit made with the digests recomputed is caught against git HEAD, naming the award', () => {
    const repo = path.join(tempDir, 'forged-repo');
    const content = path.join(repo, 'content');
    cpSync(fixtureContent, content, { recursive: true });
    gitIn(repo, 'init', '-q');
    gitIn(repo, 'add', '-A');
    gitIn(repo, 'commit', '-qm', 'published');
    const ledgerFile = path.join(content, 'ledger.jsonl');
    const { ledger } = parseLedger(readFileSync(ledgerFile, 'utf8'));
    // Forged: the revocation dropped from the ledger and the record, every digest recomputed.
    const forged = ledger.entries.map((e) => (e.id === id(4) ? sealEntry({ ...e, revoked: undefined }) : e));
    writeFileSync(ledgerFile, serializeLedger({ ...ledger, entries: forged }));
    assert.deepEqual(parseLedger(readFileSync(ledgerFile, 'utf8')).problems, [], 'the digests alone cannot tell');
    editRecord(content, id(4), (record) => record.replace(/ {4}revoked: .*\n/, ''));
    const result = runBuild({ contentDir: content, outDir: path.join(tempDir, 'forged') });
    assert.notEqual(result.status, 0);
    const output = result.stdout + result.stderr;
    assert.ok(output.includes(`(against git HEAD) › award ${id(4)}: lost its revocation without a recorded un-revocation`), output);
  });
});

describe('lifecycle: commands on a fixture change', () => {
  const git = gitIn;

  test('plan --base: Markdown of what the next publish changes; an un-revocation exits 2 unless --allow', () => {
    const repo = path.join(tempDir, 'plan-repo');
    const content = path.join(repo, 'content');
    cpSync(fixtureContent, content, { recursive: true });
    git(repo, 'init', '-q');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'published');
    const selection = command('revoke', ['--badge', 'solutions-architect-expert', '--issued-before', '2026-03-01', '--reason', 'r'], content);
    assert.equal(selection.status, 0, selection.output);
    assert.match(selection.output, /- 00000000-0000-4000-8000-000000000012 \(awards\/fixture-awards\.yaml\)/);
    assert.match(selection.output, /Dry run: 1 award/);
    const idsFile = path.join(tempDir, 'ids.txt');
    writeFileSync(idsFile, `# duplicates found in the audit\n${id(1)}\n\n`);
    assert.equal(command('revoke', ['--from-file', idsFile, '--reason', 'Duplicate record.', '--write'], content).status, 0);
    editRecord(content, id(3), (record) => record.replace('Priya Natarajan', 'Priya N.'));
    editRecord(content, id(2), (record) => record.replace(/(issuedOn: .*\n)/, '$1    visibility: private\n'));
    const plan = command('plan', ['--base', 'HEAD', '--max-share', '0.5'], content);
    assert.equal(plan.status, 0, plan.output);
    assert.match(plan.output, /## Publish plan \(against `HEAD`\)/);
    assert.match(plan.output, /### Revocations \(1\)\n\n- `00000000-0000-4000-8000-000000000001`: Duplicate record\./);
    assert.match(plan.output, /### No longer published \(the status slot and any revocation stay\) \(1\)\n\n- `00000000-0000-4000-8000-000000000002`: private/);
    assert.match(plan.output, /- `00000000-0000-4000-8000-000000000003`: recipient\.name/);
    assert.ok(!plan.output.includes('Priya'), 'no names in the comment');
    assert.equal(command('plan', ['--base', 'HEAD'], content).status, 2, 'three of eight awards changing is more than 10%');

    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'revoked');
    assert.equal(command('unrevoke', [id(4), '--reason', 'Appeal upheld.', '--write'], content).status, 0);
    const dangerous = command('plan', ['--base', 'HEAD'], content);
    assert.equal(dangerous.status, 2, dangerous.output);
    assert.match(dangerous.output, /### ⚠ Dangerous changes\n\n- 1 un-revocation/);
    assert.match(dangerous.output, /### Un-revocations \(1\)\n\n- `00000000-0000-4000-8000-000000000004`: Appeal upheld\./);
    assert.equal(command('plan', ['--base', 'HEAD', '--allow'], content).status, 0);
  });

  test('erase: an unknown id or email changes nothing and exits 1; --help answers in either language', () => {
    const content = copyFixture('erase-unknown');
    const before = [readFileSync(path.join(content, 'ledger.jsonl'), 'utf8'), readFileSync(path.join(content, 'awards/fixture-awards.yaml'), 'utf8')];
    for (const target of ['00000000-0000-4000-8000-000000000999', 'nobody@mail.example.com']) {
      const result = command('erase', [target, '--write'], content);
      assert.equal(result.status, 1, result.output);
      assert.match(result.output, /nothing changed/);
    }
    assert.deepEqual(
      [readFileSync(path.join(content, 'ledger.jsonl'), 'utf8'), readFileSync(path.join(content, 'awards/fixture-awards.yaml'), 'utf8')],
      before,
    );
    for (const name of ['ledger', 'revoke', 'unrevoke', 'erase', 'plan']) {
      const en = command(name, ['--help'], content);
      assert.equal(en.status, 0);
      assert.match(en.output, new RegExp(`^usage: npm run ${name}`));
      assert.match(command(name, ['--help', '--lang', 'ko'], content).output, new RegExp(`^사용법: npm run ${name}`));
      assert.equal(command(name, ['--no-such-option'], content).status, 2);
    }
  });
});
