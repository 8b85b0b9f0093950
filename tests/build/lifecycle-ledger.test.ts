/**
 * The ledger guards the build: a production build refuses an out-of-date
 * ledger, hand edits that would un-revoke an award stop any build (also when
 * the digests were recomputed: caught against git HEAD), and the commands
 * (npm run ledger / unrevoke) are the way through.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { generateSigningKey } from '../../src/lib/credentials/keys.ts';
import { parseLedger, sealEntry, serializeLedger } from '../../src/lib/lifecycle/ledger.ts';
import {
  command,
  committedFixture,
  copyFixture,
  editRecord,
  gitIn,
  id,
  type Json,
  lifecycleTempDir,
} from '../helpers/lifecycle.ts';
import { fixtureContent, runBuild } from '../helpers/site-build.ts';

const tempDir = lifecycleTempDir();

describe('lifecycle: the ledger guards the build', () => {
  test('a production build refuses an out-of-date ledger, naming the command; after `npm run ledger -- --write` it builds', async () => {
    const content = copyFixture(tempDir, 'prod-content');
    const newId = '00000000-0000-4000-8000-000000000077';
    const file = path.join(content, 'awards/fixture-awards.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8') +
        `  - id: ${newId}\n    recipient: { name: New Person, email: fixture.new@mail.example.com }\n    badge: cloud-fundamentals\n    issuedOn: "2026-11-01T10:00:00+09:00"\n`,
    );
    const ledgerBefore = readFileSync(path.join(content, 'ledger.jsonl'), 'utf8');
    const key = JSON.stringify(await generateSigningKey());
    // A first publish: no deployed site to compare with.
    const env = { EMBLEM_MODE: 'production', EMBLEM_SIGNING_KEY: key, EMBLEM_DEPLOYED_SITE: 'none' };
    const refused = runBuild({ contentDir: content, outDir: path.join(tempDir, 'prod-refused'), env });
    assert.notEqual(refused.status, 0);
    const output = refused.stdout + refused.stderr;
    assert.match(output, /out of date/);
    assert.ok(output.includes(newId), 'names the award');
    assert.ok(output.includes('npm run ledger -- --write'), 'gives the one command');
    assert.equal(
      readFileSync(path.join(content, 'ledger.jsonl'), 'utf8'),
      ledgerBefore,
      'a production build writes no state',
    );
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
    const content = copyFixture(tempDir, 'tamper-content');
    const ledgerFile = path.join(content, 'ledger.jsonl');
    const original = readFileSync(ledgerFile, 'utf8');
    // 1. The revocation removed from the ledger entry.
    writeFileSync(
      ledgerFile,
      original.replace(/(\{"index":\d+,"id":"00000000-0000-4000-8000-000000000004"[^\n]*?),"revoked":\{[^}]*\}/, '$1'),
    );
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
    const { content } = committedFixture(tempDir, 'forged-repo');
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
    assert.ok(
      output.includes(`(against git HEAD) › award ${id(4)}: lost its revocation without a recorded un-revocation`),
      output,
    );
  });

  test('a forged ledger committed to git is caught against the deployed site: a production build refuses to clear its bit', async () => {
    const deployed = path.join(tempDir, 'prod-built');
    assert.ok(existsSync(path.join(deployed, 'status/revocation.json')), 'the first test published a site');
    const { repo, content } = committedFixture(tempDir, 'forged-and-committed');
    const ledgerFile = path.join(content, 'ledger.jsonl');
    const { ledger } = parseLedger(readFileSync(ledgerFile, 'utf8'));
    writeFileSync(
      ledgerFile,
      serializeLedger({
        ...ledger,
        entries: ledger.entries.map((e) => (e.id === id(4) ? sealEntry({ ...e, revoked: undefined }) : e)),
      }),
    );
    editRecord(content, id(4), (record) => record.replace(/ {4}revoked: .*\n/, ''));
    gitIn(repo, 'commit', '-qam', 'forged, and committed');
    const env = {
      EMBLEM_MODE: 'production',
      EMBLEM_SIGNING_KEY: JSON.stringify(await generateSigningKey()),
      EMBLEM_DEPLOYED_SITE: deployed,
    };
    const outDir = path.join(tempDir, 'forged-committed');
    const result = runBuild({ contentDir: content, outDir, env });
    const output = result.stdout + result.stderr;
    assert.equal(result.status, 1, output);
    assert.ok(output.includes(`award ${id(4)} is revoked on the deployed site (status slot`), output);
    assert.ok(!existsSync(path.join(outDir, 'index.html')), 'nothing published');
  });
});
