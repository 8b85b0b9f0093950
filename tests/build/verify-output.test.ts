/**
 * The post-build verification step (src/steps/checks/verify-output.ts) on a copy of
 * the built fixture site: it passes on what the build wrote, and stops on a
 * credential or status list changed after signing, naming the award.
 */
import { readLedger } from '../../src/lib/lifecycle/ledger-files.ts';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BuildContext } from '../../src/steps/context.ts';
import {
  awardsToVerify,
  VERIFY_ALL_UP_TO,
  VERIFY_SAMPLE_SIZE,
  verifyOutput,
} from '../../src/steps/checks/verify-output.ts';
import { loadContent } from '../../src/lib/content/content-files.ts';
import type { Award } from '../../src/lib/content/schema.ts';
import { buildSiteModel, type PublishedAward } from '../../src/lib/site-model.ts';
import { sitePaths, siteUrls } from '../../src/lib/site-urls.ts';
import { buildSite, FIXTURE_NOW, fixtureContent } from '../helpers/site-build.ts';

const SITE_URL = 'https://badges.example.org/';
const awardId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const REVOKED = awardId(4);

let built: string;
let scratch: string;
const content = loadContent(fixtureContent);
const model = buildSiteModel(content, new Date(FIXTURE_NOW));
const { ledger } = readLedger(fixtureContent);

/** A fresh copy of the built site, and a context for the step that logs into `logged`. */
function copyOfSite(name: string, logged: string[] = []): BuildContext {
  const outDir = path.join(scratch, name);
  cpSync(built, outDir, { recursive: true });
  return {
    outDir,
    cacheDir: path.join(scratch, 'cache'),
    content,
    model,
    ledger,
    urls: siteUrls(SITE_URL),
    mode: 'development',
    log: (m) => logged.push(m),
  };
}

function editJson(file: string, edit: (json: Record<string, any>) => void) {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;
  edit(json);
  writeFileSync(file, JSON.stringify(json, null, 2));
}

describe('verifying the output after the build', () => {
  before(() => {
    built = buildSite({ siteUrl: SITE_URL });
    scratch = mkdtempSync(path.join(tmpdir(), 'emblem-verify-output-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  test('the built site verifies: every credential (a small site), revoked and expired as the model says', async () => {
    const logged: string[] = [];
    await verifyOutput(copyOfSite('pristine', logged));
    assert.match(logged.join('\n'), /verify: every published credential\(s\) verified against the output/);
  });

  test('a check whose inputs did not change is not run again; a changed credential, state or shared file is', async () => {
    const logged: string[] = [];
    const context = { ...copyOfSite('again', logged), cacheDir: path.join(scratch, 'cache-again') };
    await verifyOutput(context);
    assert.doesNotMatch(logged.at(-1)!, /unchanged since/);
    await verifyOutput(context);
    assert.match(
      logged.at(-1)!,
      new RegExp(`\\(${model.published.length} unchanged since a build that verified them\\)`),
    );
    // Same bytes, another expected state: checked again, and the check fails.
    const revoked = {
      ...model,
      published: model.published.map((p) =>
        p.award.id === awardId(1) ? { ...p, state: { status: 'revoked' as const } } : p,
      ),
    };
    await assert.rejects(verifyOutput({ ...context, model: revoked }), new RegExp(`award ${awardId(1)} .*status`));
    // A credential edited after the build that verified it.
    editJson(path.join(context.outDir, sitePaths.ob3Credential(awardId(2))), (c) => {
      c.credentialSubject.name = 'Mallory';
    });
    await assert.rejects(verifyOutput(context), /1 of \d+ published credential\(s\) checked do not verify/);
    // The same bytes again: the earlier answer holds.
    writeFileSync(
      path.join(context.outDir, sitePaths.ob3Credential(awardId(2))),
      readFileSync(path.join(built, sitePaths.ob3Credential(awardId(2)))),
    );
    await verifyOutput(context);
    assert.match(logged.at(-1)!, new RegExp(`\\(${model.published.length} unchanged`));
    // A shared file changed (the DID document): every credential is checked again.
    editJson(path.join(context.outDir, sitePaths.didDocument('/')), (d) => {
      d.assertionMethod = [];
    });
    await assert.rejects(verifyOutput(context), /signature/);
  });

  test('a credential changed after signing stops the build, naming the award', async () => {
    const context = copyOfSite('tampered');
    editJson(path.join(context.outDir, sitePaths.ob3Credential(awardId(1))), (c) => {
      c.credentialSubject.name = 'Mallory';
    });
    await assert.rejects(verifyOutput(context), (error: Error) => {
      assert.match(
        error.message,
        new RegExp(`award ${awardId(1)} \\(badges/${awardId(1)}/credential\\.json\\): signature failed`),
      );
      assert.match(error.message, /1 of \d+ published credential\(s\) checked do not verify/);
      return true;
    });
  });

  test('a missing credential, a broken status list, or a revoked award whose bit is clear each stop the build', async () => {
    const missing = copyOfSite('missing');
    rmSync(path.join(missing.outDir, sitePaths.ob3Credential(awardId(2))));
    await assert.rejects(verifyOutput(missing), new RegExp(`award ${awardId(2)} .*format failed: Could not load`));

    const list = copyOfSite('list');
    editJson(path.join(list.outDir, sitePaths.statusList()), (l) => {
      l.validFrom = '2020-01-01T00:00:00Z';
    });
    await assert.rejects(
      verifyOutput(list),
      /status failed: The status list could not be checked: status list proof 1 of 1 has an invalid signature/,
    );

    // The model says revoked, the list (validly signed) says otherwise: the credential is not what the site says.
    const unrevoked = {
      ...model,
      published: model.published.map((p) =>
        p.award.id === awardId(1) ? { ...p, state: { status: 'revoked' as const } } : p,
      ),
    };
    const context = { ...copyOfSite('unrevoked'), model: unrevoked };
    await assert.rejects(
      verifyOutput(context),
      new RegExp(`award ${awardId(1)} .*status passed: .*the award is revoked`),
    );
  });

  test('large sites: a fixed sample plus every revoked award', async () => {
    const template = model.publishedById.get(awardId(1))! as PublishedAward<Award>;
    const many = Array.from({ length: 1000 }, (_, i) => ({
      ...template,
      award: { ...template.award, id: `10000000-0000-4000-8000-${String(i).padStart(12, '0')}` },
      state: { status: i % 97 === 0 ? ('revoked' as const) : ('valid' as const) },
    }));
    const revoked = many.filter((p) => p.state.status === 'revoked');
    const chosen = await awardsToVerify(many);
    assert.ok(
      chosen.length >= VERIFY_SAMPLE_SIZE && chosen.length <= VERIFY_SAMPLE_SIZE + revoked.length,
      `${chosen.length} chosen`,
    );
    for (const entry of revoked) assert.ok(chosen.includes(entry), `revoked ${entry.award.id} is always checked`);
    assert.deepEqual(
      (await awardsToVerify([...many].reverse())).map((p) => p.award.id).sort(),
      chosen.map((p) => p.award.id).sort(),
      'the same awards whatever the order',
    );
    const small = many.slice(0, VERIFY_ALL_UP_TO);
    assert.equal((await awardsToVerify(small)).length, VERIFY_ALL_UP_TO, 'a small site is checked whole');
    assert.ok(model.publishedById.get(REVOKED), 'the fixture has a revoked award');
  });
});
