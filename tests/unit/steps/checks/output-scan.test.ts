import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { BuildContext } from '../../../../src/steps/context.ts';
import { markWritten, outputScan, saveScanCache } from '../../../../src/steps/checks/output-scan.ts';
import { leaksOf } from '../../../../src/steps/checks/privacy-guard.ts';
import { contentFacts } from '../../../../src/steps/checks/scan-file.ts';
import { findBrokenLinks } from '../../../../src/lib/site/internal-links.ts';
import { siteUrls } from '../../../../src/lib/site-urls.ts';

const AWARD = '00000000-0000-4000-8000-000000000001';
const LATER_WITHHELD = '00000000-0000-4000-8000-000000000002';

/** What the scan needs of a build: where the output and the cache are. */
const buildOf = (outDir: string, cacheDir: string) => ({ outDir, cacheDir, log: () => {} }) as unknown as BuildContext;

describe('shared output scan', () => {
  test('links are kept as the link check reads them: no query, no mailto/tel; a broken link with a query is still found', () => {
    const share =
      'https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fbadges.example.org%2Fbadges%2Fx%2F';
    const page = `<a href="${share}">in</a><a href="mailto:office@issuer.example.org">mail</a><a href="tel:+8221234567">call</a>
<a href="/verify/?url=x#result">verify</a><a href="/missing/?from=home">gone</a><a href="/faq/#q?1">faq</a><a href="${share}">again</a>`;
    const facts = contentFacts(page, true);
    assert.deepEqual(facts.links, [
      'https://www.linkedin.com/sharing/share-offsite/',
      '/verify/#result',
      '/missing/',
      '/faq/#q?1',
    ]);
    const files = new Set(['verify/index.html', 'faq/index.html', 'index.html']);
    const broken = findBrokenLinks(
      [
        { file: 'index.html', links: facts.links!, ids: new Set() },
        { file: 'verify/index.html', links: [], ids: new Set(['result']) },
        { file: 'faq/index.html', links: [], ids: new Set(['q?1']) },
      ],
      files,
      siteUrls('https://badges.example.org/'),
    );
    assert.deepEqual(
      broken.map((b) => b.url),
      ['/missing/'],
    );
  });

  test('a later build parses only files whose bytes changed, and its checks still see every file', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'emblem-scan-'));
    const outDir = path.join(root, 'site');
    const cacheDir = path.join(root, 'cache');
    mkdirSync(path.join(outDir, 'badges', AWARD), { recursive: true });
    const write = (file: string, text: string) => writeFileSync(path.join(outDir, file), text);
    write('index.html', `<a href="/badges/${AWARD}/">award</a><a href="#top" id="top">top</a><script>go()</script>`);
    write(`badges/${AWARD}/index.html`, `<p id="x">${AWARD} mentions ${LATER_WITHHELD}</p>`);
    write(`badges/${AWARD}/credential.json`, `{"id":"${AWARD}"}`);
    write('about.html', '<p>write to office@issuer.example.org</p>');

    const build1 = buildOf(outDir, cacheDir);
    const first = await outputScan(build1);
    assert.deepEqual(first.stats, { parsed: 4, reused: 0, unread: 0 });
    assert.deepEqual(first.files.get('index.html')?.facts?.links, [`/badges/${AWARD}/`, '#top']);
    assert.deepEqual(first.files.get('index.html')?.facts?.inline, [`script 'sha256-${await sha256Base64('go()')}'`]);
    await saveScanCache(build1);

    // Next build: one page now shows a recipient's address; the rest is byte for byte the same.
    write('about.html', '<p>write to minji@mail.example.com</p>');
    const build2 = buildOf(outDir, cacheDir);
    const second = await outputScan(build2);
    assert.deepEqual(second.stats, { parsed: 1, reused: 3, unread: 0 });
    assert.deepEqual(second.files.get('index.html')?.facts, first.files.get('index.html')?.facts);
    // This build's private data is checked against every file, cached facts included: an id that
    // became withheld is found on the unchanged page, the new address on the changed one.
    const emails = new Set(['minji@mail.example.com']);
    const hidden = new Set([LATER_WITHHELD]);
    const leaks = [...second.files].flatMap(([file, scanned]) => leaksOf(file, scanned, emails, hidden));
    assert.deepEqual(leaks.map((l) => `${l.file}: ${l.what}`).sort(), [
      'about.html: recipient email minji@mail.example.com',
      `badges/${AWARD}/index.html: withheld award id ${LATER_WITHHELD}`,
    ]);

    // A file a step writes after the scan is read on the next call; secrets are looked for on every read.
    process.env.EMBLEM_TEST_SECRET = 'a-secret-value-123';
    try {
      write('_headers', '/*\n  X-Note: a-secret-value-123\n');
      markWritten(build2, ['_headers']);
      const third = await outputScan(build2);
      assert.deepEqual(third.files.get('_headers')?.secrets, ['secret: the value of EMBLEM_TEST_SECRET']);
    } finally {
      delete process.env.EMBLEM_TEST_SECRET;
    }
  });

  test('facts in a scan cache not sealed by this build (a poisoned CI cache) are never trusted: the leak is found', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'emblem-scan-'));
    const outDir = path.join(root, 'site');
    const cacheDir = path.join(root, 'cache');
    mkdirSync(path.join(outDir, 'badges', AWARD), { recursive: true });
    const page = path.join(outDir, 'badges', AWARD, 'index.html');
    writeFileSync(page, '<p>Minji Kim</p>');
    const clean = await outputScan(buildOf(outDir, cacheDir));
    const build1 = buildOf(outDir, cacheDir);
    await outputScan(build1);
    await saveScanCache(build1);
    assert.ok(clean.files.get(`badges/${AWARD}/index.html`)?.facts);

    // The poisoned page, and in the cache the clean page's facts under the poisoned bytes' digest.
    const poisoned = '<p>Minji Kim, minji@mail.example.com</p>';
    writeFileSync(page, poisoned);
    const cacheFile = path.join(cacheDir, 'output-scan.json');
    const stored = JSON.parse(readFileSync(cacheFile, 'utf8')) as { entries: Record<string, unknown> };
    const [cleanFacts] = Object.values(stored.entries);
    stored.entries[createHash('sha256').update(poisoned).digest('hex')] = cleanFacts;
    writeFileSync(cacheFile, JSON.stringify(stored));

    const next = await outputScan(buildOf(outDir, cacheDir));
    const leaks = [...next.files].flatMap(([file, scanned]) =>
      leaksOf(file, scanned, new Set(['minji@mail.example.com']), new Set()),
    );
    assert.deepEqual(
      leaks.map((l) => `${l.file}: ${l.what}`),
      [`badges/${AWARD}/index.html: recipient email minji@mail.example.com`],
    );
  });
});

async function sha256Base64(text: string): Promise<string> {
  return Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))).toString('base64');
}
