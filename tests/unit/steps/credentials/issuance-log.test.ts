/**
 * The issuance log build step (issue 28): each build appends to the published
 * log and proves it extends the deployed checkpoint, and stops when it would
 * have to rewrite it: a credential re-signed with an earlier validFrom, a
 * revocation dropped, an entry of the deployed log rewritten, a log rebuilt
 * from scratch. Erasure appends an entry and leaves nothing that names the
 * award; the privacy check reads /log/. The step runs on a small context (the
 * credentials as files, the ledger in memory); Go's sumdb/tlog checks what it
 * writes when Go is installed.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BuildContext } from '../../../../src/steps/context.ts';
import { writeIssuanceLog } from '../../../../src/steps/credentials/issuance-log.ts';
import { findLeaks } from '../../../../src/steps/checks/privacy-guard.ts';
import { credentialHeaderRules } from '../../../../src/lib/site/hosting.ts';
import { serveStatic } from '../../../../scripts/lib/static-server.ts';
import { generateSigningKey } from '../../../../src/lib/credentials/keys.ts';
import { eraseEntry, type LedgerEntry, sealEntry, unrevokeEntry } from '../../../../src/lib/lifecycle/ledger.ts';
import { siteUrls } from '../../../../src/lib/site-urls.ts';
import { awardHash, decodeEntry } from '../../../../src/lib/transparency/entries.ts';
import { decodeBundle } from '../../../../src/lib/transparency/tiles.ts';
import { oracleMissing, runOracle } from '../../../helpers/tlog-oracle.ts';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const NOW = new Date('2026-11-26T00:00:00Z');
const urls = siteUrls('https://badges.example.org/');
const revoked = { on: '2026-10-01T12:00:00+09:00', reason: 'Exam result withdrawn.' };
const work = mkdtempSync(path.join(os.tmpdir(), 'emblem-issuance-log-'));
const saved = { key: process.env.EMBLEM_SIGNING_KEY, deployed: process.env.EMBLEM_DEPLOYED_SITE };
before(async () => {
  process.env.EMBLEM_SIGNING_KEY = JSON.stringify(await generateSigningKey());
});
after(() => {
  rmSync(work, { recursive: true, force: true });
  for (const [name, value] of [
    ['EMBLEM_SIGNING_KEY', saved.key],
    ['EMBLEM_DEPLOYED_SITE', saved.deployed],
  ] as const)
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
});

const entry = (n: number, extra: Partial<LedgerEntry> = {}) =>
  sealEntry({ index: n * 10, id: id(n), published: '2026-01-01T00:00:00Z', state: 'published', ...extra });

/** A credential as the credentials step writes it (the log reads its claims and validFrom). */
const credential = (n: number, validFrom = `2026-0${n}-01T00:00:00Z`, name = `Badge ${n}`) => ({
  '@context': ['https://www.w3.org/ns/credentials/v2'],
  id: urls.url(`badges/${id(n)}/credential.json`),
  validFrom,
  credentialSubject: { achievement: { name } },
  proof: { type: 'DataIntegrityProof', created: NOW.toISOString(), proofValue: `z${n}${Math.random()}` },
});

let builds = 0;
/** Runs the step on a fresh output with these awards published and this ledger; returns the output folder. */
async function build(
  published: Record<number, ReturnType<typeof credential>>,
  ledger: LedgerEntry[],
  {
    cache = 'cache',
    deployed,
    mode = 'production',
  }: { cache?: string; deployed?: string; mode?: 'production' | 'development' } = {},
): Promise<{ outDir: string; lines: string[] }> {
  const outDir = path.join(work, `out-${++builds}`);
  for (const [n, doc] of Object.entries(published)) {
    mkdirSync(path.join(outDir, 'badges', id(Number(n))), { recursive: true });
    writeFileSync(path.join(outDir, 'badges', id(Number(n)), 'credential.json'), JSON.stringify(doc));
  }
  if (deployed) process.env.EMBLEM_DEPLOYED_SITE = deployed;
  else delete process.env.EMBLEM_DEPLOYED_SITE;
  const lines: string[] = [];
  const context = {
    outDir,
    cacheDir: path.join(work, cache),
    model: { now: NOW, published: Object.keys(published).map((n) => ({ award: { id: id(Number(n)) } })) },
    ledger: { entries: ledger },
    urls,
    mode,
    log: (line: string) => lines.push(line),
  } as unknown as BuildContext;
  await writeIssuanceLog(context);
  return { outDir, lines };
}

const entriesOf = (outDir: string) => readdirEntries(path.join(outDir, 'log')).map((bytes) => decodeEntry(bytes));
function readdirEntries(logDir: string): Uint8Array[] {
  const size = Number(readFileSync(path.join(logDir, 'checkpoint'), 'utf8').split('\n')[1]);
  const out: Uint8Array[] = [];
  for (let n = 0; n * 256 < size; n++) {
    const width = Math.min(256, size - n * 256);
    out.push(
      ...decodeBundle(
        readFileSync(
          path.join(logDir, `tile/entries/${String(n).padStart(3, '0')}${width < 256 ? `.p/${width}` : ''}`),
        ),
      ),
    );
  }
  return out;
}
const vkeyOf = (outDir: string) => readFileSync(path.join(outDir, 'log/key'), 'utf8').trim();
/** The output as deployed: a copy in its own folder. */
function deploy(outDir: string, name: string): string {
  const folder = path.join(work, name);
  cpSync(outDir, folder, { recursive: true });
  return folder;
}

describe('issuance log build step', () => {
  const first = { 1: credential(1), 2: credential(2) };
  const firstLedger = [entry(1), entry(2, { revoked })];
  let live = '';

  test('a first publish starts the log: one entry per issuance and revocation, hashes only, checked by Go', {
    timeout: 60_000,
  }, async () => {
    const empty = path.join(work, 'never-deployed');
    mkdirSync(empty);
    const { outDir, lines } = await build(first, firstLedger, { deployed: empty });
    assert.deepEqual(
      entriesOf(outDir).map((e) => [e.event, e.award]),
      [
        ['issued', awardHash(id(1))],
        ['issued', awardHash(id(2))],
        ['revoked', awardHash(id(2))],
      ],
    );
    assert.match(lines.join('\n'), /issuance log: 3 entries \(2 issued, 1 revoked\), extending .* has no log yet/);
    const text = readdirEntries(path.join(outDir, 'log'))
      .map((b) => Buffer.from(b).toString())
      .join('\n');
    assert.doesNotMatch(text, /00000000-0000-4000|Badge|Exam result/);
    live = deploy(outDir, 'live-1');
    const missing = oracleMissing();
    if (!missing) assert.ok(runOracle(path.join(outDir, 'log'), vkeyOf(outDir)).ok);
  });

  test('the next build appends, and Go finds it consistent with the deployed checkpoint', {
    timeout: 60_000,
  }, async () => {
    const { outDir, lines } = await build({ ...first, 3: credential(3) }, [...firstLedger, entry(3)], {
      deployed: live,
    });
    assert.deepEqual(entriesOf(outDir).length, 4);
    assert.match(lines.join('\n'), /4 entries \(1 issued\), extending the deployed checkpoint of 3 entries/);
    const missing = oracleMissing();
    if (!missing) {
      const result = runOracle(path.join(outDir, 'log'), vkeyOf(outDir), { old: path.join(live, 'log/checkpoint') });
      assert.ok(result.ok, result.error ?? '');
      assert.equal(result.summary!.consistentWith, 3);
    }
    live = deploy(outDir, 'live-2');
  });

  test('the deployed log is read over HTTP when the build cache does not have it', async (t) => {
    const server = await serveStatic({ root: live });
    t.after(() => server.close());
    const { lines } = await build({ ...first, 3: credential(3) }, [...firstLedger, entry(3)], {
      deployed: `${server.origin}/`,
      cache: 'http-cache',
    });
    assert.match(
      lines.join('\n'),
      /4 entries \(nothing new\), extending the deployed log of 4 entries \(http:\/\/127\.0\.0\.1:\d+\/\)/,
    );
  });

  test('a signing key rotation: the new key extends the log the old one signed once EMBLEM_PREVIOUS_LOG_KEYS names its log key', async () => {
    const oldLogKey = vkeyOf(live);
    const signingKey = process.env.EMBLEM_SIGNING_KEY;
    process.env.EMBLEM_SIGNING_KEY = JSON.stringify(await generateSigningKey());
    try {
      const awards = { ...first, 3: credential(3) };
      const ledger = [...firstLedger, entry(3)];
      await assert.rejects(build(awards, ledger, { deployed: live, cache: 'rotated' }), /is not one of this log's/);
      process.env.EMBLEM_PREVIOUS_LOG_KEYS = `z-not-a-key, ${oldLogKey}`;
      await assert.rejects(
        build(awards, ledger, { deployed: live, cache: 'rotated' }),
        /EMBLEM_PREVIOUS_LOG_KEYS: .*copy the line of the site's log\/key/,
      );
      process.env.EMBLEM_PREVIOUS_LOG_KEYS = oldLogKey;
      const { outDir, lines } = await build(awards, ledger, { deployed: live, cache: 'rotated' });
      assert.match(lines.join('\n'), /4 entries \(nothing new\), extending the deployed log of 4 entries/);
      assert.notEqual(vkeyOf(outDir), oldLogKey, 'the checkpoint is signed by the new log key');
      assert.deepEqual(entriesOf(outDir), entriesOf(live), 'the same entries');
    } finally {
      process.env.EMBLEM_SIGNING_KEY = signingKey;
      delete process.env.EMBLEM_PREVIOUS_LOG_KEYS;
    }
  });

  test('an unchanged build appends nothing; a corrected credential is logged again with its date', async () => {
    const same = await build({ ...first, 3: credential(3) }, [...firstLedger, entry(3)], { deployed: live });
    assert.match(same.lines.join('\n'), /4 entries \(nothing new\)/);
    const fixed = await build({ ...first, 3: credential(3, undefined, 'Badge three') }, [...firstLedger, entry(3)], {
      deployed: live,
    });
    const entries = entriesOf(fixed.outDir);
    assert.equal(entries.length, 5);
    assert.deepEqual(
      [entries[4]!.event, entries[4]!.award, (entries[4] as { validFrom: string }).validFrom],
      ['issued', awardHash(id(3)), '2026-03-01T00:00:00Z'],
    );
    assert.notEqual(
      (entries[4] as { credential: string }).credential,
      (entries[3] as { credential: string }).credential,
    );
  });

  test('back-dating: a credential re-signed with an earlier validFrom is refused', async () => {
    await assert.rejects(
      build({ ...first, 3: credential(3, '2025-12-01T00:00:00Z') }, [...firstLedger, entry(3)], { deployed: live }),
      /award 00000000-0000-4000-8000-000000000003: is in the public log as valid from 2026-03-01T00:00:00Z \(entry 3\); this build would publish it valid from 2025-12-01/,
    );
  });

  test('a revocation dropped (the ledger regenerated without it) is refused; one un-revoked on record is logged', async () => {
    await assert.rejects(
      build({ ...first, 3: credential(3) }, [entry(1), entry(2), entry(3)], { deployed: live }),
      /award 00000000-0000-4000-8000-000000000002: is revoked in the public log \(entry 2, from 2026-10-01T12:00:00\+09:00\); this build would show it valid without a recorded un-revocation/,
    );
    const unrevoked = unrevokeEntry(entry(2, { revoked }), 'Appeal upheld.', '2026-11-01T00:00:00Z');
    const { outDir } = await build({ ...first, 3: credential(3) }, [entry(1), unrevoked, entry(3)], { deployed: live });
    assert.deepEqual(
      entriesOf(outDir)
        .slice(4)
        .map((e) => e.event),
      ['unrevoked'],
    );
  });

  test('an award the log holds that left the ledger is refused', async () => {
    await assert.rejects(
      build(first, firstLedger, { deployed: live }),
      new RegExp(`award ${awardHash(id(3))}: is in the public log \\(entry 3\\) and no longer in the ledger`),
    );
  });

  test('a deployed entry rewritten (no cache to fall back on) is refused', async () => {
    const tampered = deploy(live, 'tampered');
    const bundle = path.join(tampered, 'log/tile/entries/000.p/4');
    writeFileSync(
      bundle,
      Buffer.from(readFileSync(bundle).toString('latin1').replace('2026-03-01', '2025-03-01'), 'latin1'),
    );
    await assert.rejects(
      build({ ...first, 3: credential(3) }, [...firstLedger, entry(3)], { deployed: tampered, cache: 'no-cache-1' }),
      /the deployed log .* does not match its checkpoint: the entries do not hash to the checkpoint's root/,
    );
  });

  test('a log rebuilt from scratch is refused: against the build cache, and when the deployed entries are gone', async () => {
    // Rebuilt by someone with the key, from a ledger in another order: signed, but not an extension of what this machine built.
    const scratch = await build(
      { 3: credential(3), ...first },
      [entry(3), ...firstLedger].map((e, i) => ({ ...e, index: 100 + i }) as LedgerEntry).map((e) => sealEntry(e)),
      {
        cache: 'scratch-cache',
        deployed: path.join(work, 'never-deployed'),
      },
    );
    const rebuilt = deploy(scratch.outDir, 'rebuilt');
    await assert.rejects(
      build({ ...first, 3: credential(3) }, [...firstLedger, entry(3)], { deployed: rebuilt }),
      /the deployed log \(4 entries, .*\) is not the start of the log this machine built last .*rebuilt from scratch/,
    );
    const gone = deploy(live, 'gone');
    rmSync(path.join(gone, 'log/tile'), { recursive: true });
    await assert.rejects(
      build({ ...first, 3: credential(3) }, [...firstLedger, entry(3)], { deployed: gone, cache: 'no-cache-2' }),
      /the log has no tile\/entries\/000\.p\/4, which its checkpoint of 4 entries needs/,
    );
  });

  test('erasure appends one entry that names nothing, keeps the log consistent, and the privacy check reads /log/', {
    timeout: 60_000,
  }, async () => {
    const erased = eraseEntry(entry(3), '2026-11-20T00:00:00Z');
    const { outDir } = await build(first, [...firstLedger, erased], { deployed: live });
    const entries = entriesOf(outDir);
    assert.deepEqual(entries.at(-1), { v: 1, event: 'erased', award: awardHash(id(3)) });
    const missing = oracleMissing();
    if (!missing)
      assert.ok(runOracle(path.join(outDir, 'log'), vkeyOf(outDir), { old: path.join(live, 'log/checkpoint') }).ok);
    const hidden = new Set([id(3)]);
    assert.deepEqual(await findLeaks(outDir, new Set(['ada@example.org']), hidden), []);
    // The check does read the log's files (no extension, binary bundles): an id or email put there is found.
    const planted = path.join(outDir, 'log/tile/entries/000.p/5');
    writeFileSync(
      planted,
      Buffer.concat([readFileSync(planted), Buffer.from(`\u0000\u0032{"award":"${id(3)}","email":"ada@example.org"}`)]),
    );
    assert.deepEqual((await findLeaks(outDir, new Set(['ada@example.org']), hidden)).map((l) => l.what).sort(), [
      `recipient email ada@example.org`,
      `withheld award id ${id(3)}`,
    ]);
    // An erased award cannot come back.
    await assert.rejects(
      build({ ...first, 3: credential(3) }, [...firstLedger, entry(3)], { deployed: deploy(outDir, 'live-erased') }),
      /was erased in the public log/,
    );
  });

  test('a development build (nothing deployed) extends the last local log, and starts a new one on other content instead of stopping', async () => {
    await build(first, firstLedger, { cache: 'dev', mode: 'development' });
    const next = await build({ ...first, 3: credential(3) }, [...firstLedger, entry(3)], {
      cache: 'dev',
      mode: 'development',
    });
    assert.match(
      next.lines.join('\n'),
      /4 entries \(1 issued\), extending the last build's log \(3 entries, build cache\)/,
    );
    const other = await build({ 4: credential(4) }, [entry(4)], { cache: 'dev', mode: 'development' });
    assert.match(other.lines.join('\n'), /cannot be extended .* a development build starts a new one/);
    assert.equal(entriesOf(other.outDir).length, 1);
    // A production build never starts over: with nothing deployed to compare, the local log is the one to extend.
    await assert.rejects(
      build({ 5: credential(5) }, [entry(5)], { cache: 'dev', deployed: 'none' }),
      /no longer in the ledger/,
    );
  });

  test('hosting: the checkpoint is plain text and not cached, tiles are immutable, both readable from other origins', () => {
    const rules = new Map(credentialHeaderRules('/').map((r) => [r.path, Object.fromEntries(r.headers)]));
    assert.deepEqual(rules.get('/log/checkpoint'), {
      'Content-Type': 'text/plain; charset=utf-8',
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': 'no-cache',
    });
    assert.equal(rules.get('/log/tile/*')?.['Cache-Control'], 'public, max-age=31536000, immutable');
    assert.equal(rules.get('/log/tile/*')?.['Access-Control-Allow-Origin'], '*');
  });
});
