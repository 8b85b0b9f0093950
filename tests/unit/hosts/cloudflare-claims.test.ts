/**
 * The claim endpoint as a Cloudflare Worker, in its real runtime: the
 * hosts/cloudflare entry bundled with esbuild (as wrangler does) and run by
 * workerd through Miniflare (both from npm, offline), posting to a loopback
 * stand-in for the GitHub API that records each repository_dispatch.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { claimToken, manageToken } from '../../../src/lib/claims/token.ts';
import { projectRoot } from '../../helpers/site-build.ts';

const SECRET = 'worker-test-secret-0123456789abcdefghijklmnop';
const AWARD = '00000000-0000-4000-8000-000000000007';
const BADGE = 'data-analyst-associate';
const GITHUB_TOKEN = 'github_pat_test_only';

interface Dispatch {
  path: string;
  authorization?: string;
  body: { event_type: string; client_payload: { submission: Record<string, string> } };
}

describe('claim function on workerd (Miniflare)', () => {
  let dir: string;
  let github: http.Server;
  let worker: Miniflare;
  let endpoint: URL;
  const dispatches: Dispatch[] = [];

  before(async () => {
    dir = mkdtempSync(path.join(projectRoot, '.tmp', 'cf-claims-'));
    // The GitHub API stand-in: records each dispatch, answers 204 like GitHub.
    github = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk));
      request.on('end', () => {
        dispatches.push({
          path: request.url ?? '',
          authorization: request.headers.authorization,
          body: JSON.parse(body) as Dispatch['body'],
        });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => github.listen(0, '127.0.0.1', resolve));
    const script = path.join(dir, 'worker.js');
    await build({
      entryPoints: [path.join(projectRoot, 'hosts/cloudflare/worker.ts')],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      conditions: ['workerd', 'worker', 'browser'],
      outfile: script,
      logLevel: 'silent',
    });
    worker = new Miniflare({
      modules: true,
      scriptPath: script,
      compatibilityDate: '2026-07-30',
      kvNamespaces: ['CLAIMS_SEEN'],
      bindings: {
        EMBLEM_CLAIM_SECRET: SECRET,
        EMBLEM_CLAIM_REPOSITORY: 'example-org/badges',
        EMBLEM_CLAIM_GITHUB_TOKEN: GITHUB_TOKEN,
        EMBLEM_CLAIM_GITHUB_API: `http://127.0.0.1:${(github.address() as AddressInfo).port}`,
        EMBLEM_CLAIM_LIVE_MINUTES: '7',
      },
    });
    endpoint = new URL('/claims', await worker.ready);
  });

  after(async () => {
    await worker?.dispose();
    github?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (fields: Record<string, string>) =>
    fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  const claim = (choice: string) => ({
    v: '1',
    award: AWARD,
    badge: BADGE,
    token: claimToken(SECRET, AWARD, BADGE),
    choice,
    locale: 'en',
  });

  test('a good claim sends one repository_dispatch with the submission, and says when the badge is live', async () => {
    const response = await post(claim('public'));
    assert.equal(response.status, 200);
    const page = await response.text();
    assert.match(page, /data-claim-result="accepted"/);
    assert.match(page, /within 7 minutes/);
    assert.equal(dispatches.length, 1);
    const [dispatch] = dispatches;
    assert.equal(dispatch!.path, '/repos/example-org/badges/dispatches');
    assert.equal(dispatch!.authorization, `Bearer ${GITHUB_TOKEN}`);
    assert.equal(dispatch!.body.event_type, 'emblem-claim');
    assert.deepEqual(
      { ...dispatch!.body.client_payload.submission, receivedAt: undefined },
      { ...claim('public'), receivedAt: undefined },
    );
  });

  test('a replay is answered 409 and not dispatched again (remembered in KV)', async () => {
    const response = await post(claim('public'));
    assert.equal(response.status, 409);
    assert.match(await response.text(), /data-claim-result="already"/);
    assert.equal(dispatches.length, 1);
    const kv = (await worker.getKVNamespace('CLAIMS_SEEN')) as unknown as { get(key: string): Promise<string | null> };
    assert.equal(await kv.get(`claim:${AWARD}`), 'public', 'every instance of the function sees it');
  });

  test('a bad token is answered 403, a claim token used as a manage token too; nothing dispatched', async () => {
    assert.equal(
      (await post({ ...claim('private'), token: claimToken('another-secret'.repeat(4), AWARD, BADGE) })).status,
      403,
    );
    assert.equal((await post({ ...claim('private'), purpose: 'manage' })).status, 403);
    assert.equal(dispatches.length, 1);
  });

  test('a manage request with the manage token is dispatched', async () => {
    const response = await post({ ...claim('private'), purpose: 'manage', token: manageToken(SECRET, AWARD, BADGE) });
    assert.equal(response.status, 200);
    assert.equal(dispatches.length, 2);
    assert.equal(dispatches[1]!.body.client_payload.submission.purpose, 'manage');
  });

  test('a name correction request is dispatched with the name once; its replay is answered 409', async () => {
    const request = {
      ...claim('name'),
      purpose: 'manage',
      token: manageToken(SECRET, AWARD, BADGE),
      name: 'Kim Minji',
    };
    assert.equal((await post(request)).status, 200);
    assert.equal((await post(request)).status, 409);
    assert.equal(dispatches.length, 3);
    assert.equal(dispatches[2]!.body.client_payload.submission.name, 'Kim Minji');
  });

  test('the Netlify function bundles the same handler without Node APIs (platform neutral: a node: import fails)', async () => {
    const result = await build({
      entryPoints: [path.join(projectRoot, 'hosts/netlify/functions/claims.ts')],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      write: false,
      logLevel: 'silent',
    });
    assert.match(result.outputFiles[0]!.text, /emblem-manage-v1/);
  });

  test('an oversized body is answered 413; nothing dispatched', async () => {
    const response = await post({ ...claim('private'), padding: 'x'.repeat(8000) });
    assert.equal(response.status, 413);
    assert.equal(dispatches.length, 3);
  });
});
