/**
 * A static file server for the built site that behaves like a CDN configured
 * as the README says: JSON content types, `Access-Control-Allow-Origin: *` on
 * credential files, directory indexes, 404.html. Used by `npm run preview`
 * and by the tests (over HTTP, or HTTPS with a self-signed certificate).
 * It reads the site's own `_headers` file, so the tests check what we ship,
 * and like such hosts does not serve that file. GET and HEAD only; a path
 * that is badly encoded (400) or leads outside the root (404) reads nothing.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.jsonld': 'application/ld+json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.otf': 'font/otf',
};

/** Netlify/Cloudflare `_headers` rules: a path pattern line, then indented "Name: value" lines. */
export function parseHeadersFile(text: string): { pattern: RegExp; headers: [string, string][] }[] {
  const rules: { pattern: RegExp; headers: [string, string][] }[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const source = line
        .trim()
        .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/:\w+/g, '[^/]+');
      rules.push({ pattern: new RegExp(`^${source}$`), headers: [] });
    } else if (rules.length && line.trim().startsWith('!')) {
      // "! Name" detaches a header an earlier rule set (Cloudflare Pages' syntax).
      rules.at(-1)!.headers.push([`!${line.trim().slice(1).trim()}`, '']);
    } else if (rules.length) {
      const i = line.indexOf(':');
      if (i > 0) rules.at(-1)!.headers.push([line.slice(0, i).trim(), line.slice(i + 1).trim()]);
    }
  }
  return rules;
}

export interface StaticServer {
  origin: string;
  port: number;
  close(): Promise<void>;
}

export interface ServeOptions {
  root: string;
  port?: number;
  host?: string;
  /** Serve HTTPS with this key and certificate (PEM). */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Base path the site was built for ("/" or "/program/"). */
  base?: string;
}

export async function serveStatic({
  root: rootOption,
  port = 0,
  host = '127.0.0.1',
  tls,
  base = '/',
}: ServeOptions): Promise<StaticServer> {
  const root = path.resolve(rootOption);
  const headersFile = path.join(root, '_headers');
  const rules = existsSync(headersFile) ? parseHeadersFile(readFileSync(headersFile, 'utf8')) : [];
  const handler: http.RequestListener = (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      return res.end('Method not allowed');
    }
    const url = new URL(req.url ?? '/', 'http://x');
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end('Bad request: malformed percent-encoding');
    }
    if (!pathname.startsWith(base) || pathname.includes('\0')) return notFound(res, root);
    let file = path.join(root, pathname.slice(base.length - 1));
    // Only files inside the root: "/..%2fsite-private" must not reach a sibling folder named like the root.
    const inside = path.relative(root, file);
    if (inside.startsWith('..') || path.isAbsolute(inside)) return notFound(res, root);
    // Host configuration, not content: hosts that read it do not serve it.
    if (inside === '_headers' || inside === '_redirects') return notFound(res, root);
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!pathname.endsWith('/')) {
        res.writeHead(301, { location: `${pathname}/${url.search}` });
        return res.end();
      }
      file = path.join(file, 'index.html');
    }
    if (!existsSync(file) || !statSync(file).isFile()) return notFound(res, root);
    const headers: Record<string, string> = { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' };
    const sitePath = '/' + pathname.slice(base.length);
    for (const rule of rules)
      if (rule.pattern.test(sitePath))
        for (const [k, v] of rule.headers)
          if (k.startsWith('!')) delete headers[k.slice(1).toLowerCase()];
          else headers[k.toLowerCase()] = v;
    res.writeHead(200, { ...headers, 'content-length': statSync(file).size });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  };
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    origin: `${tls ? 'https' : 'http'}://${host === '127.0.0.1' && tls ? 'localhost' : host}:${actual}`,
    port: actual,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

function notFound(res: http.ServerResponse, root?: string) {
  const page = root && path.join(root, '404.html');
  res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
  res.end(page && existsSync(page) ? readFileSync(page) : 'Not found');
}
