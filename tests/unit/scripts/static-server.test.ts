/**
 * The preview server (npm run preview, and every test that serves a built
 * site) over real HTTP: bad encodings, paths that climb out of the root,
 * methods other than GET/HEAD, and the `_headers` file itself.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { serveStatic, type StaticServer } from '../../../scripts/lib/static-server.ts';

/** A raw request, so that paths reach the server exactly as written (fetch would normalize them). */
function request(
  origin: string,
  method: string,
  rawPath: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, method, path: rawPath }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('preview server', () => {
  let parent: string;
  let server: StaticServer;
  before(async () => {
    parent = mkdtempSync(path.join(os.tmpdir(), 'emblem-serve-'));
    // The served folder "site", and a sibling whose name starts with it.
    mkdirSync(path.join(parent, 'site', 'faq'), { recursive: true });
    mkdirSync(path.join(parent, 'site-private'), { recursive: true });
    writeFileSync(path.join(parent, 'site', 'index.html'), '<p>home</p>');
    writeFileSync(path.join(parent, 'site', 'faq', 'index.html'), '<p>faq</p>');
    writeFileSync(path.join(parent, 'site', '404.html'), '<p>not here</p>');
    mkdirSync(path.join(parent, 'site', 'studio'), { recursive: true });
    writeFileSync(path.join(parent, 'site', 'studio', 'index.html'), '<p>studio</p>');
    writeFileSync(
      path.join(parent, 'site', '_headers'),
      "/*\n  X-Content-Type-Options: nosniff\n  Content-Security-Policy: default-src 'none'\n/studio/*\n  ! Content-Security-Policy\n  X-Robots-Tag: noindex\n",
    );
    writeFileSync(path.join(parent, 'site-private', 'secret.txt'), 'SECRET-NEIGHBOUR');
    writeFileSync(path.join(parent, 'outside.txt'), 'SECRET-PARENT');
    server = await serveStatic({ root: path.join(parent, 'site') });
  });
  after(async () => {
    await server.close();
    rmSync(parent, { recursive: true, force: true });
  });

  test('serves pages and applies _headers', async () => {
    const res = await request(server.origin, 'GET', '/faq/');
    assert.equal(res.status, 200);
    assert.equal(res.body, '<p>faq</p>');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
  });

  test('"! Name" in a later rule detaches a header an earlier rule set, as Cloudflare Pages does', async () => {
    const studio = await request(server.origin, 'GET', '/studio/');
    assert.equal(studio.headers['content-security-policy'], undefined);
    assert.equal(studio.headers['x-robots-tag'], 'noindex');
    assert.equal(studio.headers['x-content-type-options'], 'nosniff');
    assert.equal(
      (await request(server.origin, 'GET', '/faq/')).headers['content-security-policy'],
      "default-src 'none'",
    );
  });

  test('a malformed percent-encoding answers 400 and the server keeps running', async () => {
    for (const bad of ['/%', '/%E0%A4%A', '/faq/%zz']) {
      const res = await request(server.origin, 'GET', bad);
      assert.equal(res.status, 400, bad);
    }
    assert.equal((await request(server.origin, 'GET', '/')).status, 200);
  });

  test('never serves a file outside the root, however the path is written', async () => {
    for (const sneaky of [
      '/..%2fsite-private/secret.txt',
      '/..%2F..%2Foutside.txt',
      '/%2e%2e/site-private/secret.txt',
      '/../outside.txt',
      '/..%5csite-private%5csecret.txt',
    ]) {
      const res = await request(server.origin, 'GET', sneaky);
      assert.notEqual(res.status, 200, sneaky);
      assert.doesNotMatch(res.body, /SECRET/, sneaky);
    }
  });

  test('does not serve the _headers file itself', async () => {
    const res = await request(server.origin, 'GET', '/_headers');
    assert.equal(res.status, 404);
    assert.doesNotMatch(res.body, /nosniff/);
  });

  test('answers 405 with Allow to methods other than GET and HEAD', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const res = await request(server.origin, method, '/');
      assert.equal(res.status, 405, method);
      assert.equal(res.headers.allow, 'GET, HEAD', method);
    }
    const head = await request(server.origin, 'HEAD', '/');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
  });
});

describe('npm run preview', () => {
  test('a missing site folder and a taken port are one sentence each, no stack trace', async () => {
    const { spawnSync } = await import('node:child_process');
    const { projectRoot } = await import('../../helpers/site-build.ts');
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['scripts/serve.ts', ...args], {
        cwd: projectRoot,
        encoding: 'utf8',
        timeout: 30_000,
      });
    const missing = run(['--dir', '.tmp/no-such-site']);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /^No built site in \.tmp\/no-such-site\/: run `npm run build` first/);
    const blocker = http.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as import('node:net').AddressInfo;
    const parent = mkdtempSync(path.join(os.tmpdir(), 'emblem-serve-port-'));
    try {
      const taken = run(['--dir', parent, '--port', String(port)]);
      assert.equal(taken.status, 1, taken.stderr);
      assert.match(taken.stderr, new RegExp(`^Port ${port} is already in use`));
      assert.doesNotMatch(taken.stderr, /\n\s+at /);
    } finally {
      blocker.close();
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
