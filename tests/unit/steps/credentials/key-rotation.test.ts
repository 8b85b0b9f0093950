/**
 * The credentials step across a key rotation and a compromise, on the
 * fixture content (the step alone, no Astro build): what a production build
 * publishes (did.json, the key history, every credential signed again with the
 * active key, same id and status slot), and what becomes of a copy signed
 * before (a wallet's, a baked image's): it verifies after a rotation, and not
 * once its key is marked compromised.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { loadContent } from '../../../../src/lib/content/content-files.ts';
import {
  keyHistoryYaml,
  markCompromised,
  rotateKeys,
  type KeyHistory,
} from '../../../../src/lib/credentials/key-history.ts';
import { generateSigningKey, type SigningKey } from '../../../../src/lib/credentials/keys.ts';
import { reconcileWithContent } from '../../../../src/lib/lifecycle/content-ledger.ts';
import { emptyLedger } from '../../../../src/lib/lifecycle/ledger.ts';
import { buildSiteModel } from '../../../../src/lib/site-model.ts';
import { sitePaths, siteUrls } from '../../../../src/lib/site-urls.ts';
import { verifyBadge } from '../../../../src/lib/verify/index.ts';
import { writeCredentials } from '../../../../src/steps/credentials/credentials.ts';
import { FIXTURE_NOW, fixtureContent, projectRoot } from '../../../helpers/site-build.ts';

type Json = Record<string, unknown>;
const urls = siteUrls('https://badges.example.org/');
const content = loadContent(fixtureContent);
const model = buildSiteModel(content, new Date(FIXTURE_NOW));
const { ledger } = reconcileWithContent(emptyLedger(), content, model.now, model);
/** The build before the rotation ran a few days earlier (a proof is dated at its build's moment). */
const earlierModel = buildSiteModel(content, new Date('2026-11-20T00:00:00Z'));
const AWARD = '00000000-0000-4000-8000-000000000001';

const work = mkdtempSync(path.join(tmpdir(), 'emblem-rotation-step-'));
const keysDir = path.join(work, 'content');
const cacheDir = path.join(work, 'cache');
after(() => rmSync(work, { recursive: true, force: true }));

/** One production run of the credentials step with this key and history, into a folder of its own. */
async function publish(name: string, key: SigningKey, history: KeyHistory, at = model): Promise<string> {
  const outDir = path.join(work, name);
  // The badge artwork Astro would have copied from public/ (the step publishes it in the other format too).
  cpSync(path.join(projectRoot, 'public/images'), path.join(outDir, 'images'), { recursive: true });
  rmSync(keysDir, { recursive: true, force: true });
  mkdirSync(keysDir, { recursive: true });
  writeFileSync(path.join(keysDir, 'keys.yaml'), keyHistoryYaml(history));
  const env = {
    EMBLEM_SIGNING_KEY: process.env.EMBLEM_SIGNING_KEY,
    EMBLEM_CONTENT_DIR: process.env.EMBLEM_CONTENT_DIR,
  };
  process.env.EMBLEM_SIGNING_KEY = JSON.stringify(key);
  process.env.EMBLEM_CONTENT_DIR = keysDir;
  try {
    await writeCredentials({ outDir, cacheDir, content, model: at, ledger, urls, mode: 'production', log: () => {} });
  } finally {
    for (const [name, value] of Object.entries(env))
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
  }
  return outDir;
}

const read = (outDir: string, relative: string) =>
  JSON.parse(readFileSync(path.join(outDir, relative), 'utf8')) as Json;

/** Our verifier with the given published folder as the site. */
const verifyAgainst = (outDir: string, credential: Json) =>
  verifyBadge(
    { kind: 'text', text: JSON.stringify(credential) },
    {
      siteUrl: urls.site,
      now: model.now,
      fetch: (async (input: string | URL | Request) => {
        try {
          return new Response(readFileSync(path.join(outDir, String(input).slice(urls.site.length))));
        } catch {
          return new Response('', { status: 404 });
        }
      }) as typeof fetch,
    },
  );

describe('a rotation and a compromise, through the credentials step', () => {
  test('credentials are signed again with the new key, keep their id and slot; copies signed before follow the key history', {
    timeout: 120_000,
  }, async () => {
    const [A, B, C] = await Promise.all([generateSigningKey(), generateSigningKey(), generateSigningKey()]);
    const first: KeyHistory = {
      keys: [{ publicKeyMultibase: A.publicKeyMultibase, validFrom: '2024-01-01T00:00:00Z' }],
    };
    const before = await publish('before', A, first, earlierModel);
    const walletCopy = read(before, sitePaths.ob3Credential(AWARD));
    assert.match(JSON.stringify(walletCopy.proof), new RegExp(A.publicKeyMultibase));

    // Rotation between the two builds: A retired, B active. Same cache folder: nothing of A's is reused for B.
    const rotated = rotateKeys(first, B.publicKeyMultibase, new Date('2026-11-23T00:00:00Z'));
    const afterRotation = await publish('rotated', B, rotated);
    const resigned = read(afterRotation, sitePaths.ob3Credential(AWARD));
    const { proof: oldProof, ...oldClaims } = walletCopy;
    const { proof: newProof, ...newClaims } = resigned;
    assert.deepEqual(newClaims, oldClaims, 'same id, status slot, dates and claims');
    assert.match(JSON.stringify(newProof), new RegExp(B.publicKeyMultibase));
    assert.notDeepEqual(newProof, oldProof);
    const did = read(afterRotation, sitePaths.didDocument('/'));
    assert.deepEqual(
      (did.assertionMethod as string[]).map((m) => m.split('#')[1]),
      [B.publicKeyMultibase, A.publicKeyMultibase],
    );
    assert.equal((read(afterRotation, sitePaths.keyHistory('/')).keys as Json[]).length, 2);
    assert.equal((await verifyAgainst(afterRotation, resigned)).outcome, 'verified');
    assert.equal(
      (await verifyAgainst(afterRotation, walletCopy)).outcome,
      'verified',
      'the copy A signed still verifies',
    );

    // A leaks: marked compromised from before the copy was signed. The copy stops verifying; the re-signed one does not care.
    const leaked = markCompromised(rotated, A.publicKeyMultibase, new Date('2024-06-01T00:00:00Z'));
    const afterLeak = await publish('leaked', B, leaked);
    const leakedDid = read(afterLeak, sitePaths.didDocument('/'));
    assert.deepEqual(leakedDid.assertionMethod, [`${did.id}#${B.publicKeyMultibase}`]);
    const refused = await verifyAgainst(afterLeak, walletCopy);
    assert.equal(refused.outcome, 'not-verified');
    assert.equal(refused.steps.find((s) => s.id === 'signature')?.reason, 'key-compromised');
    assert.equal((await verifyAgainst(afterLeak, read(afterLeak, sitePaths.ob3Credential(AWARD)))).outcome, 'verified');

    // A production build refuses to sign with a retired or compromised key, or before its key's window, naming the file.
    await assert.rejects(
      publish('early', B, leaked, earlierModel),
      /keys\.yaml: the signing key z6Mk\w+ signs from 2026-11-23T00:00:00Z, after this build's moment 2026-11-20/,
    );
    await assert.rejects(publish('refused', A, leaked), /keys\.yaml: the signing key z6Mk\w+ is marked compromised/);
    await assert.rejects(
      publish('unknown', C, leaked),
      /keys\.yaml: the signing key z6Mk\w+ is not in the key history/,
    );
  });
});
