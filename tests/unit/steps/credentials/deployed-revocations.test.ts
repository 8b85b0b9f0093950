/**
 * A production build compares what it publishes as revoked with the site that
 * is live (issue 21, item 6): a ledger regenerated or edited with its digests
 * recomputed and committed must not clear a status bit, or drop an award from
 * revocations.json, that the deployed site shows, unless the ledger records
 * an un-revocation. The deployed site is read from a folder or over HTTP.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { BuildContext } from '../../../../src/steps/context.ts';
import { checkDeployedRevocations, deployedSite } from '../../../../src/steps/credentials/deployed-revocations.ts';
import { ob2RevocationList } from '../../../../src/lib/credentials/ob2.ts';
import { statusListCredential } from '../../../../src/lib/credentials/status-list.ts';
import { droppedRevocations, readDeployedRevocations } from '../../../../src/lib/lifecycle/deployed-revocations.ts';
import { type Ledger, sealEntry, unrevokeEntry } from '../../../../src/lib/lifecycle/ledger.ts';
import { siteUrls } from '../../../../src/lib/site-urls.ts';
import { serveStatic } from '../../../../scripts/lib/static-server.ts';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const NOW = new Date('2026-11-26T00:00:00Z');
const urls = siteUrls('https://badges.example.org/');
const revoked = { on: '2025-10-01T12:00:00+09:00', reason: 'Exam result withdrawn.' };
const entry = (n: number, index: number, extra = {}) =>
  sealEntry({ index, id: id(n), published: '2026-01-01T00:00:00Z', state: 'published', ...extra });

/** The ledger the live site was built from: award 2 revoked (slot 20), award 3 revoked and hidden (slot 30, a tombstone). */
const deployedLedger: Ledger = {
  entries: [
    entry(1, 10),
    entry(2, 20, { revoked }),
    entry(3, 30, { revoked, state: 'withheld', since: '2026-02-01T00:00:00Z' }),
  ],
};

const work = mkdtempSync(path.join(os.tmpdir(), 'emblem-deployed-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** Writes the two documents a site built from `ledger` publishes into a folder. */
async function deploy(folder: string, ledger: Ledger): Promise<string> {
  const revokedEntries = ledger.entries.filter((e) => e.revoked);
  mkdirSync(path.join(folder, 'status'), { recursive: true });
  const list = await statusListCredential({
    listUrl: urls.url('status/revocation.json'),
    issuer: 'did:web:badges.example.org',
    revokedIndexes: revokedEntries.map((e) => e.index),
    validFrom: '2026-01-01T00:00:00Z',
  });
  writeFileSync(path.join(folder, 'status/revocation.json'), JSON.stringify(list));
  writeFileSync(
    path.join(folder, 'revocations.json'),
    JSON.stringify(
      ob2RevocationList(
        revokedEntries.map((e) => ({ id: e.id, reason: e.revoked!.reason })),
        urls,
      ),
    ),
  );
  return folder;
}

const live = await deploy(path.join(work, 'live'), deployedLedger);
const buildWith = (ledger: Ledger, mode: 'production' | 'development' = 'production') => {
  const lines: string[] = [];
  const context = {
    ledger,
    model: { now: NOW },
    mode,
    urls,
    log: (line: string) => lines.push(line),
  } as unknown as BuildContext;
  return { context, lines };
};

describe('deployed revocations', () => {
  test('reads the bits and the revoked awards the deployed site shows', async () => {
    const { readFileSync } = await import('node:fs');
    const read = (file: string) => JSON.parse(readFileSync(path.join(live, file), 'utf8'));
    assert.deepEqual(await readDeployedRevocations(read('status/revocation.json'), read('revocations.json')), {
      setIndexes: [20, 30],
      revokedIds: [id(2), id(3)],
    });
  });

  test("a ledger regenerated without a revocation, or without a hidden award's tombstone, is refused; an un-revocation on record is not", () => {
    const deployed = { setIndexes: [20, 30], revokedIds: [id(2), id(3)] };
    assert.deepEqual(droppedRevocations(deployed, deployedLedger, NOW), []);
    const regenerated: Ledger = {
      entries: [entry(1, 10), entry(2, 20), entry(3, 30, { state: 'withheld', since: '2026-02-01T00:00:00Z' })],
    };
    assert.deepEqual(
      droppedRevocations(deployed, regenerated, NOW).map((p) => p.award),
      [id(2), id(3)],
    );
    const dropped: Ledger = { entries: [entry(1, 10), entry(2, 20, { revoked })] };
    assert.deepEqual(
      droppedRevocations(deployed, dropped, NOW).map((p) => p.message),
      [
        'status slot 30 is set in the deployed status list, and no ledger entry holds it: the ledger lost a revoked award',
        'is listed in the deployed revocations.json, and the ledger has no entry for it: the ledger lost a revoked award',
      ],
    );
    const movedLater: Ledger = {
      entries: [
        entry(1, 10),
        entry(2, 20, { revoked: { ...revoked, on: '2099-10-01T12:00:00+09:00' } }),
        deployedLedger.entries[2]!,
      ],
    };
    assert.deepEqual(
      droppedRevocations(deployed, movedLater, NOW).map((p) => p.award),
      [id(2)],
    );
    const unrevoked: Ledger = {
      entries: [
        entry(1, 10),
        unrevokeEntry(deployedLedger.entries[1]!, 'Appeal upheld.', '2026-11-01T00:00:00Z'),
        deployedLedger.entries[2]!,
      ],
    };
    assert.deepEqual(droppedRevocations(deployed, unrevoked, NOW), []);
  });

  test('the build step: from a folder and over HTTP, refusing with the award named; a first publish and `none` pass with a word', async (t) => {
    const regenerated: Ledger = { entries: [entry(1, 10), entry(2, 20), deployedLedger.entries[2]!] };
    const server = await serveStatic({ root: live });
    t.after(() => server.close());
    for (const source of [live, `${server.origin}/`]) {
      process.env.EMBLEM_DEPLOYED_SITE = source;
      try {
        await assert.rejects(checkDeployedRevocations(buildWith(regenerated).context), (error: Error) => {
          assert.match(
            error.message,
            /would un-revoke what the deployed site .* shows as revoked; nothing was published/,
          );
          assert.ok(
            error.message.includes(`award ${id(2)} is revoked on the deployed site (status slot 20)`),
            error.message,
          );
          assert.match(error.message, /npm run unrevoke/);
          return true;
        });
        const ok = buildWith(deployedLedger);
        await checkDeployedRevocations(ok.context);
        assert.match(ok.lines.join('\n'), /the 2 status bit\(s\) set on .* stay set or were un-revoked on record/);
      } finally {
        delete process.env.EMBLEM_DEPLOYED_SITE;
      }
    }
    const empty = path.join(work, 'never-deployed');
    mkdirSync(empty);
    for (const [setting, said] of [
      [empty, /has no status list yet \(a first publish\)/],
      ['none', /not compared \(EMBLEM_DEPLOYED_SITE=none\)/],
    ] as const) {
      process.env.EMBLEM_DEPLOYED_SITE = setting;
      try {
        const build = buildWith(regenerated);
        await checkDeployedRevocations(build.context);
        assert.match(build.lines.join('\n'), said);
      } finally {
        delete process.env.EMBLEM_DEPLOYED_SITE;
      }
    }
  });

  test('a production build reads the site URL by default and stops, naming the setting, when it cannot; development does not compare', async () => {
    assert.equal(deployedSite({ mode: 'production', urls }, {}), urls.site);
    assert.equal(deployedSite({ mode: 'development', urls }, {}), undefined);
    assert.equal(deployedSite({ mode: 'development', urls }, { EMBLEM_DEPLOYED_SITE: live }), live);
    const unreachable = buildWith(deployedLedger);
    (unreachable.context as { urls: unknown }).urls = siteUrls('http://127.0.0.1:9/');
    await assert.rejects(
      checkDeployedRevocations(unreachable.context),
      /Cannot compare with the deployed site: cannot read http:\/\/127\.0\.0\.1:9\/status\/revocation\.json .*Set EMBLEM_DEPLOYED_SITE/,
    );
  });
});
