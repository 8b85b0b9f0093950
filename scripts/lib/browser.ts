/**
 * Launches Chromium (the end-to-end tests, npm run audit:pages): Debian's /usr/bin/chromium where it
 * exists (Playwright cannot download browsers here), else a Playwright-managed
 * browser, as on an ordinary developer laptop.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright';

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export interface LaunchOptions {
  /**
   * Host names Chromium resolves to a loopback server instead of DNS, e.g.
   * `{ 'badges.example.org': '127.0.0.1:4431' }`: the site built for its real URL (the suite's shared
   * build) is browsed at that URL, same origin and all, while served on a port of the test's own.
   */
  hosts?: Record<string, string>;
}

export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? SYSTEM_CHROMIUM.find((p) => existsSync(p));
  const rules = Object.entries(options.hosts ?? {}).map(([host, target]) => `MAP ${host} ${target}`);
  return chromium.launch({
    executablePath,
    args: [
      ...(rules.length ? [`--host-resolver-rules=${rules.join(', ')}`] : []),
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
    ],
  });
}
