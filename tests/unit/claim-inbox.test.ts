/**
 * The reference claim endpoint, in-process on loopback: what it stores and
 * what it refuses (methods, sizes, types, fields, tokens, award states).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createClaimInbox } from '../../scripts/lib/claim-inbox-server.ts';
import { claimToken } from '../../src/lib/claims/token.ts';
import { loadContent } from '../../src/lib/content-files.ts';
import { fixtureContent, projectRoot } from '../helpers/site-build.ts';

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
  const valid = { v: '1', award: PENDING, badge: BADGE, token: claimToken(SECRET, PENDING, BADGE), choice: 'private', locale: 'en' };

  before(async () => {
    dir = mkdtempSync(path.join(projectRoot, '.tmp', 'inbox-'));
    const content = loadContent(fixtureContent);
    server = createClaimInbox({ awards: new Map(content.awards.map((a) => [a.id, a])), secret: SECRET, file: file(), defaultLocale: 'ko', maxBytes: 1024 });
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
    assert.equal((await fetch(url, form({ ...valid, award: unknown, token: claimToken(SECRET, unknown, BADGE) }))).status, 404);
    const claimed = '00000000-0000-4000-8000-000000000001';
    assert.equal(
      (await fetch(url, form({ ...valid, award: claimed, badge: 'cloud-fundamentals', token: claimToken(SECRET, claimed, 'cloud-fundamentals') }))).status,
      409,
    );
    assert.equal((await fetch(url, form({ ...valid, choice: 'everyone' }))).status, 400);
    assert.equal((await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'award=x' })).status, 415);
    assert.equal(
      (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(valid) })).status,
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
