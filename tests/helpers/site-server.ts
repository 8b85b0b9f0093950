/**
 * A built site served for Chromium at the URL it was built for: HTTPS with a
 * throw-away certificate on a loopback port of the test file's own, and the
 * site's host name mapped to that port (launchBrowser's `hosts`). So browser
 * tests browse the suite's shared build for https://badges.example.org/ at
 * its real origin (same-origin fetches, absolute links, did:web) instead of
 * each building the site again for a port of their own.
 */
import { rmSync } from 'node:fs';
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server.ts';
import { selfSignedCertificate } from './tls.ts';

export interface SiteForBrowser {
  server: StaticServer;
  /** For launchBrowser({ hosts }): the site's host (and port, if its URL has one) → the loopback server. */
  hosts: Record<string, string>;
  close(): Promise<void>;
}

export async function serveForBrowser(outDir: string, siteUrl: string): Promise<SiteForBrowser> {
  const { key, cert, dir } = selfSignedCertificate();
  const url = new URL(siteUrl);
  const server = await serveStatic({ root: outDir, tls: { key, cert }, base: url.pathname });
  return {
    server,
    // With the port when the URL names one (a site built for https://localhost:<port>/): Chromium matches host:port too.
    hosts: { [url.host]: `127.0.0.1:${server.port}` },
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
