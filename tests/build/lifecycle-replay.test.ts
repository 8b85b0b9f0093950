/**
 * The issuer's lifecycle replayed end to end: content copied from the fixture,
 * changed with the real commands (npm run revoke / erase) and by hand like an
 * editor would, built through scripts/build.ts, served over HTTPS on loopback,
 * and checked with @digitalcredentials/verifier-core: a credential downloaded
 * before a change must still be answered correctly after it.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server.ts';
import { parseLedger } from '../../src/lib/lifecycle/ledger.ts';
import { command, copyFixture, editRecord, id, type Json, lifecycleTempDir } from '../helpers/lifecycle.ts';
import { runBuild } from '../helpers/site-build.ts';
import { fileCertificate, freePort, httpsJson } from '../helpers/tls.ts';
import { filesUnder, verifierStep, verifyWithVerifierCore } from '../helpers/verifier-core.ts';

const tempDir = lifecycleTempDir();
const certificate = fileCertificate();
const { tls } = certificate;

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
    const result = runBuild({
      siteUrl: `${origin}/`,
      contentDir: content,
      outDir: path.join(tempDir, name),
      env: { EMBLEM_BUILD_CACHE: cache },
    });
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
  const fetchJson = (url: string) => httpsJson(url, tls.cert);

  before(async () => {
    port = await freePort();
    origin = `https://localhost:${port}`;
    content = copyFixture(tempDir, 'replay-content');
    cache = path.join(tempDir, 'replay-cache');
    const first = build('first');
    // The earners download their credentials (a wallet, a baked image: copies the site no longer controls).
    for (const awardId of [HIDDEN, DELETED, ERASED]) {
      downloaded.set(
        awardId,
        JSON.parse(readFileSync(path.join(first.outDir, `badges/${awardId}/credential.json`), 'utf8')) as Json,
      );
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
    const erase = command('erase', [ERASED, '--write'], content, {
      EMBLEM_BUILD_CACHE: cache,
      EMBLEM_SITE_URL: `${origin}/`,
    });
    assert.equal(erase.status, 0, erase.output);
    assert.match(erase.output, /cache .*cards/, 'the erased award’s card is found in the cache');
    assert.match(erase.output, /cache .*proofs/, 'and its signed proof');
    assert.equal((erase.output.match(/cache .*credentials/g) ?? []).length, 2, 'and its two credential files');
    assert.match(erase.output, /Git history/);
    assert.ok(readdirSync(path.join(cache, 'cards')).length < cardsBefore, 'card removed from the cache');
    assert.ok(
      !readFileSync(path.join(content, 'awards/fixture-awards.yaml'), 'utf8').includes(ERASED_NAME),
      'the record is gone from the content',
    );
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
        assert.equal(
          verifierStep(result, 'valid_signature'),
          true,
          `${awardId}: the downloaded copy still has a good signature`,
        );
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
        assert.ok(
          listed.includes(`${origin}/badges/${awardId}/assertion.json`),
          `${awardId} on the OB 2.0 revocation list`,
        );
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
