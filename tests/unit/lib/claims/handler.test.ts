/**
 * The shared claim handler under Node's Fetch API, for what the host tests
 * do not reach: a failed delivery is answered 502 and not remembered, so the
 * earner's retry goes through.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { claimHandler, memorySeenStore } from '../../../../src/lib/claims/handler.ts';
import { claimToken } from '../../../../src/lib/claims/token.ts';

const SECRET = 'handler-test-secret-0123456789abcdefghijklmnop';
const AWARD = '00000000-0000-4000-8000-000000000007';
const BADGE = 'data-analyst-associate';

test('a failed dispatch is answered 502 and not remembered: the retry is delivered', async () => {
  let fail = true;
  const delivered: string[] = [];
  const seen = memorySeenStore();
  const handle = claimHandler({
    secret: SECRET,
    defaultLocale: 'en',
    seen,
    deliver: (submission) => {
      if (fail) throw new Error('GitHub answered 503');
      delivered.push(submission.award);
    },
  });
  const request = () =>
    new Request('https://claims.example.org/claims', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        v: '1',
        award: AWARD,
        badge: BADGE,
        token: claimToken(SECRET, AWARD, BADGE),
        choice: 'public',
      }),
    });
  const failed = await handle(request(), '192.0.2.1');
  assert.equal(failed.status, 502);
  assert.match(await failed.text(), /data-claim-result="refused"/);
  assert.equal(seen.size, 0);
  fail = false;
  assert.equal((await handle(request(), '192.0.2.1')).status, 200);
  assert.deepEqual(delivered, [AWARD]);
  assert.equal((await handle(request(), '192.0.2.1')).status, 409);
});
