/**
 * The verify page's and CLI's issuance log check (src/lib/verify/log.ts,
 * browser-safe: Web Crypto): an OB 3.0 credential found in the site's log
 * through the index, one entry bundle and the hash tiles of its inclusion
 * proof, checked against the signed checkpoint; the same results as the
 * Node log core (src/lib/transparency/), and failures said when a tile or the
 * checkpoint was changed.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { verifyBadge } from '../../../../src/lib/verify/index.ts';
import { checkInLog, logKeysOf, openCheckpointWeb, rootFromProof } from '../../../../src/lib/verify/log.ts';
import {
  awardHash,
  awardIndex,
  credentialDigest,
  encodeEntry,
  type LogEntry,
} from '../../../../src/lib/transparency/entries.ts';
import { TransparencyLog } from '../../../../src/lib/transparency/log.ts';
import { inclusionProof, leafHash } from '../../../../src/lib/transparency/merkle.ts';
import { logKeyFrom, logOrigin } from '../../../../src/lib/transparency/note.ts';

const SITE = 'https://badges.example.org/';
const work = mkdtempSync(path.join(os.tmpdir(), 'emblem-verify-log-'));
after(() => rmSync(work, { recursive: true, force: true }));
const signer = logKeyFrom('zrv-test', logOrigin(SITE));
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const credential = (n: number, name = `Badge ${n}`) => ({
  id: `${SITE}badges/${id(n)}/credential.json`,
  validFrom: '2026-01-01T00:00:00Z',
  name,
  proof: [{ proofValue: 'z' }],
});
const issued = (n: number, name?: string): LogEntry => ({
  v: 1,
  event: 'issued',
  award: awardHash(id(n)),
  credential: credentialDigest(credential(n, name)),
  validFrom: '2026-01-01T00:00:00Z',
});

/** A site folder with the log of these entries (and its index), and a fetch reading it. */
function site(name: string, entries: LogEntry[]) {
  const folder = path.join(work, name);
  const log = new TransparencyLog(entries.map(encodeEntry));
  const files = new Map<string, Uint8Array | string>([...log.files(signer), ...awardIndex(entries)]);
  for (const [relative, bytes] of files) {
    mkdirSync(path.dirname(path.join(folder, 'log', relative)), { recursive: true });
    writeFileSync(path.join(folder, 'log', relative), bytes);
  }
  const requests: string[] = [];
  const fetcher = (async (url: string | URL) => {
    const relative = String(url).slice(SITE.length);
    requests.push(relative);
    try {
      return new Response(readFileSync(path.join(folder, relative)));
    } catch {
      return new Response('not found', { status: 404 });
    }
  }) as typeof fetch;
  return { folder, log, fetcher, requests };
}

// 700 issuances (three level-0 tiles, a level-1 tile), award 5 revoked, award 9 corrected later.
const entries: LogEntry[] = Array.from({ length: 700 }, (_, i) => issued(i));
entries.push(
  { v: 1, event: 'revoked', award: awardHash(id(5)), on: '2026-02-01T00:00:00Z', statusIndex: 50 },
  issued(9, 'Badge nine'),
);

describe('issuance log check in the verify core', () => {
  test('the award hash and credential digest are the log core’s', async () => {
    assert.deepEqual(await logKeysOf(credential(3)), {
      award: awardHash(id(3)),
      credential: credentialDigest(credential(3)),
    });
    assert.equal(await logKeysOf({ id: 'urn:uuid:x' }), undefined);
  });

  test('the checkpoint opens with Web Crypto; C2SP’s example key hash and a changed note are refused', async () => {
    const { log } = site('open', entries.slice(0, 3));
    const note = new TextDecoder().decode(log.files(signer).get('checkpoint'));
    assert.equal((await openCheckpointWeb(note, signer.vkey)).size, 3);
    await assert.rejects(openCheckpointWeb(note.replace('\n3\n', '\n4\n'), signer.vkey), /does not verify/);
    await assert.rejects(openCheckpointWeb(note, signer.vkey.replace(/\+[0-9a-f]{8}\+/, '+00000000+')), /key hash/);
  });

  test('proofs from the Node core lead to the same root here, for every position of several sizes', async () => {
    for (const size of [1, 2, 3, 255, 256, 257, 513]) {
      const log = new TransparencyLog(entries.slice(0, size).map(encodeEntry));
      for (const n of new Set([0, size >> 1, size - 1])) {
        const root = await rootFromProof(inclusionProof(log.tree.source, size, n), size, n, leafHash(log.entries[n]!));
        assert.deepEqual(Buffer.from(root), Buffer.from(log.root()), `size ${size}, entry ${n}`);
      }
    }
  });

  test('finds a credential with a few requests, its revocation and a later correction', async () => {
    const { fetcher, requests } = site('full', entries);
    assert.deepEqual(await checkInLog(credential(300), SITE, fetcher), {
      status: 'found',
      place: { position: 300, size: 702 },
    });
    assert.ok(requests.length <= 8, requests.join(' '));
    assert.deepEqual(await checkInLog(credential(5), SITE, fetcher), {
      status: 'found',
      place: { position: 5, size: 702, revoked: { position: 700, on: '2026-02-01T00:00:00Z' } },
    });
    assert.deepEqual(await checkInLog(credential(9), SITE, fetcher), {
      status: 'found',
      place: { position: 9, size: 702, supersededAt: 701 },
    });
    assert.equal((await checkInLog(credential(9, 'Badge 9 back-dated'), SITE, fetcher)).status, 'absent');
    assert.equal((await checkInLog(credential(800), SITE, fetcher)).status, 'absent');
  });

  test('a changed hash tile fails the proof; a site without a log says so', async () => {
    const { folder, fetcher } = site('tampered', entries);
    const tile = path.join(folder, 'log/tile/0/001');
    const bytes = readFileSync(tile);
    bytes[0]! ^= 1;
    writeFileSync(tile, bytes);
    const result = await checkInLog(credential(300), SITE, fetcher);
    assert.equal(result.status, 'failed');
    const none = (async () => new Response('', { status: 404 })) as unknown as typeof fetch;
    assert.deepEqual(await checkInLog(credential(1), SITE, none), { status: 'no-log' });
  });

  test('verifyBadge leaves the log alone unless asked', async () => {
    let asked = false;
    const fetcher = (async (url: string | URL) => {
      if (String(url).includes('/log/')) asked = true;
      return new Response('', { status: 404 });
    }) as typeof fetch;
    await verifyBadge({ kind: 'text', text: JSON.stringify(credential(1)) }, { siteUrl: SITE, fetch: fetcher });
    assert.equal(asked, false);
  });

  test('index files: named by one hex digit up to 65,536 entries, by two above', () => {
    assert.ok([...awardIndex(entries).keys()].every((file) => /^index\/[0-9a-f]\.json$/.test(file)));
    const many = Array.from(
      { length: 65_537 },
      (_, i): LogEntry => ({ v: 1, event: 'erased', award: awardHash(id(i)) }),
    );
    const files = [...awardIndex(many).keys()];
    assert.equal(files.length, 256);
    assert.ok(files.every((file) => /^index\/[0-9a-f]{2}\.json$/.test(file)));
  });
});
