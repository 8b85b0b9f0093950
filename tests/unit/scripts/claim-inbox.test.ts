/**
 * The reference claim endpoint, in-process on loopback: what it stores and
 * what it refuses (methods, sizes, types, fields, tokens, award states).
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createClaimInbox, type ClaimInboxOptions } from '../../../scripts/lib/claim-inbox-server.ts';
import { rateLimiter } from '../../../src/lib/claims/rate-limit.ts';
import { claimToken } from '../../../src/lib/claims/token.ts';
import { loadContent } from '../../../src/lib/content/content-files.ts';
import { fixtureContent, projectRoot } from '../../helpers/site-build.ts';

const SECRET = 'inbox-test-secret-0123456789abcdefghijklmnop';
const PENDING = '00000000-0000-4000-8000-000000000007';
const BADGE = 'data-analyst-associate';

describe('claim-inbox', () => {
  let server: Server;
  let url: string;
  let dir: string;
  const file = () => path.join(dir, 'inbox.jsonl');
  const stored = () => {
    try {
      return readFileSync(file(), 'utf8').trim().split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  const form = (fields: Record<string, string>) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  const valid = {
    v: '1',
    award: PENDING,
    badge: BADGE,
    token: claimToken(SECRET, PENDING, BADGE),
    choice: 'private',
    locale: 'en',
  };

  before(async () => {
    dir = mkdtempSync(path.join(projectRoot, '.tmp', 'inbox-'));
    const content = loadContent(fixtureContent);
    server = createClaimInbox({
      awards: new Map(content.awards.map((a) => [a.id, a])),
      secret: SECRET,
      file: file(),
      defaultLocale: 'ko',
      maxBytes: 1024,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  test('stores a valid form submission and answers with a page in the earner’s language', async () => {
    const response = await fetch(url, form(valid));
    assert.equal(response.status, 200);
    assert.match(await response.text(), /<html lang="en">.*Your choice was received/s);
    const [line] = stored();
    const { receivedAt, ...rest } = JSON.parse(line!) as Record<string, string>;
    assert.ok(!Number.isNaN(Date.parse(receivedAt!)));
    assert.deepEqual(rest, valid);
  });

  test('refuses bad tokens, unknown and claimed awards, bad fields, other types, methods and big bodies, storing nothing', async () => {
    const before_ = stored().length;
    const altered = { ...valid, token: `${valid.token.slice(0, -1)}${valid.token.endsWith('A') ? 'B' : 'A'}` };
    assert.equal((await fetch(url, form(altered))).status, 403);
    const otherAward = { ...valid, award: '00000000-0000-4000-8000-000000000006' };
    assert.equal((await fetch(url, form(otherAward))).status, 403, 'a token for another award');
    const unknown = '00000000-0000-4000-8000-999999999999';
    assert.equal(
      (await fetch(url, form({ ...valid, award: unknown, token: claimToken(SECRET, unknown, BADGE) }))).status,
      404,
    );
    const claimed = '00000000-0000-4000-8000-000000000001';
    assert.equal(
      (
        await fetch(
          url,
          form({
            ...valid,
            award: claimed,
            badge: 'cloud-fundamentals',
            token: claimToken(SECRET, claimed, 'cloud-fundamentals'),
          }),
        )
      ).status,
      409,
    );
    assert.equal((await fetch(url, form({ ...valid, choice: 'everyone' }))).status, 400);
    assert.equal(
      (await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'award=x' })).status,
      415,
    );
    assert.equal(
      (
        await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...valid, choice: 'public' }),
        })
      ).status,
      200,
      'JSON is accepted too',
    );
    const get = await fetch(url);
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST, OPTIONS');
    assert.equal((await fetch(url, { method: 'OPTIONS' })).status, 204);
    const big = await fetch(url, form({ ...valid, padding: 'x'.repeat(2000) }));
    assert.equal(big.status, 413);
    assert.equal(stored().length, before_ + 1, 'only the JSON submission was added');
  });
});

describe('claim-inbox: replays and floods', () => {
  const servers: Server[] = [];
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(projectRoot, '.tmp', 'inbox-flood-'));
  });
  after(async () => {
    for (const server of servers) await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });
  const awards = () => new Map(loadContent(fixtureContent).awards.map((a) => [a.id, a]));
  async function start(file: string, extra: Partial<ClaimInboxOptions> = {}): Promise<string> {
    const server = createClaimInbox({ awards: awards(), secret: SECRET, file, defaultLocale: 'ko', ...extra });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  }
  const post = (url: string, fields: Record<string, string>) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  const claim = (choice: string) => ({
    v: '1',
    award: PENDING,
    badge: BADGE,
    token: claimToken(SECRET, PENDING, BADGE),
    choice,
    locale: 'en',
  });
  const lines = (file: string) =>
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { choice: string }).choice);

  test('a replayed claim is answered 409 already received and stored once; a change of mind is stored; a restart remembers', async () => {
    const file = path.join(dir, 'replay.jsonl');
    const url = await start(file);
    assert.equal((await post(url, claim('private'))).status, 200);
    for (let i = 0; i < 5; i++) {
      const replay = await post(url, claim('private'));
      assert.equal(replay.status, 409, 'the same answer as the host functions (src/lib/claims/handler.ts)');
      assert.match(await replay.text(), /data-claim-result="already".*already received/s);
    }
    assert.deepEqual(lines(file), ['private']);
    assert.equal((await post(url, claim('public'))).status, 200, 'the earner changed their mind');
    assert.equal((await post(url, claim('public'))).status, 409);
    assert.deepEqual(lines(file), ['private', 'public']);
    // A new inbox process on the same file knows what it holds.
    const again = await start(file);
    assert.match(await (await post(again, claim('public'))).text(), /data-claim-result="already"/);
    assert.deepEqual(lines(file), ['private', 'public']);
  });

  test('too many requests from one address get 429 with Retry-After, bad tokens included', async () => {
    const file = path.join(dir, 'address.jsonl');
    const url = await start(file, { limits: { perAddress: { limit: 5, windowMs: 60_000 } } });
    const bad = { ...claim('public'), token: 'A'.repeat(43) };
    for (let i = 0; i < 5; i++) assert.equal((await post(url, bad)).status, 403);
    const refused = await post(url, claim('public'));
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    assert.match(await refused.text(), /<html lang="en">.*Too many attempts/s);
    assert.throws(() => readFileSync(file), /ENOENT/, 'nothing stored');
  });

  test('one award takes a few claims per window; forged tokens for it do not use them up', async () => {
    const file = path.join(dir, 'award.jsonl');
    const url = await start(file, { limits: { perAward: { limit: 3, windowMs: 60_000 } } });
    const bad = { ...claim('public'), token: 'B'.repeat(43) };
    for (let i = 0; i < 10; i++) assert.equal((await post(url, bad)).status, 403);
    for (const choice of ['public', 'private', 'public']) assert.equal((await post(url, claim(choice))).status, 200);
    assert.equal((await post(url, claim('private'))).status, 429);
    assert.deepEqual(lines(file), ['public', 'private', 'public']);
    // Another award is not held up by it.
    const other = '00000000-0000-4000-8000-000000000001';
    assert.equal(
      (
        await post(url, {
          ...claim('public'),
          award: other,
          badge: 'cloud-fundamentals',
          token: claimToken(SECRET, other, 'cloud-fundamentals'),
        })
      ).status,
      409,
    );
  });

  test('the rate limiter forgets the oldest keys past its bound, and a window ends', () => {
    const limiter = rateLimiter({ limit: 2, windowMs: 1000, maxKeys: 100 });
    for (let i = 0; i < 10_000; i++) limiter.hit(`10.0.${i >> 8}.${i & 255}`, i);
    assert.equal(limiter.size, 100);
    assert.deepEqual(limiter.hit('a', 0), { ok: true });
    assert.deepEqual(limiter.hit('a', 10), { ok: true });
    assert.deepEqual(limiter.hit('a', 20), { ok: false, retryAfterMs: 980 });
    assert.deepEqual(limiter.hit('a', 1000), { ok: true });
  });
});

describe('claim-inbox command off loopback', () => {
  const env = { ...process.env, EMBLEM_CLAIM_SECRET: SECRET, EMBLEM_MODE: 'production' };
  const inboxArgs = (extra: string[]) => [
    'scripts/claim-inbox.ts',
    '--port',
    '0',
    '--content',
    fixtureContent,
    '--out',
    path.join(projectRoot, '.tmp', 'off-loopback.jsonl'),
    ...extra,
  ];

  test('refuses plain HTTP on a public address with a one-sentence error, exit 2, in both languages', async () => {
    for (const [lang, pattern] of [
      ['en', /^Refusing to serve claims over plain HTTP on 0\.0\.0\.0: .*--tls-key.*--insecure-http.*\.\n$/],
      ['ko', /^0\.0\.0\.0에서 .*--tls-key.*--insecure-http.*\n$/],
    ] as const) {
      const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
        execFile(
          process.execPath,
          inboxArgs(['--host', '0.0.0.0', '--lang', lang]),
          { cwd: projectRoot, env, timeout: 20_000 },
          (error, stdout, stderr) =>
            resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
        ),
      );
      assert.equal(result.code, 2, result.stdout + result.stderr);
      assert.match(result.stderr, pattern);
      assert.equal(result.stdout, '');
    }
  });

  test('--insecure-http serves plain HTTP off loopback, with a warning', async () => {
    const child = spawn(process.execPath, inboxArgs(['--host', '0.0.0.0', '--insecure-http', '--lang', 'en']), {
      cwd: projectRoot,
      env,
    });
    try {
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const listening = await new Promise<string>((resolve, reject) => {
        let seen = '';
        child.stdout.on('data', (chunk: Buffer) => {
          seen += chunk.toString();
          if (/listening on http:\/\/0\.0\.0\.0:\d+\//.test(seen)) resolve(seen);
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${seen} ${stderr}`)));
      });
      assert.match(listening, /listening on http:/);
      assert.match(stderr, /Warning: .*plain HTTP/);
    } finally {
      child.kill();
    }
  });
});
