/**
 * npm run audit:pages [-- --dir dist --json --width 390]
 *
 * Serves an already built site on loopback with the project's preview server
 * and opens one page of each type (home, catalog, certification page, award
 * page, FAQ, claim guide, verify; every language that has one) in Chromium at
 * a phone width. For each it prints the cumulative layout shift (measured
 * after load, once fonts are ready and the page has settled) and the bytes
 * and requests by kind, as the browser received them. Builds nothing.
 *
 * Exit codes: 0 printed, 1 no built site or the browser failed, 2 usage error.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright';
import { CliError, parseCli, runCli, type Text } from './lib/cli.ts';

const USAGE: Text = {
  en: `usage: npm run audit:pages [-- --dir DIR --width 390 --no-throttle --json] [--lang ko|en]

Opens one page of each type of the built site in Chromium and prints layout shift (CLS),
bytes by kind (HTML, CSS, JS, fonts, images, other) and request count; then verifies an OB 3.0
and an OB 2.0 badge by /verify/?url= at 390 and 412 px in each language and prints LCP, TBT
(4x CPU slowdown when throttled, as Lighthouse's mobile run), CLS, bytes, requests and the time
to the outcome. Builds nothing: run \`npm run build\` first.
  --dir DIR      the built site (default dist)
  --width N      viewport width in CSS pixels (default 390)
  --no-throttle  loopback speed (default: a slow 4G network, 150 ms latency, 1.6 Mbit/s, as Lighthouse's mobile run)
  --json         print JSON instead of a table
Exit: 0 printed, 1 no built site or the browser failed, 2 usage error.`,
  ko: `사용법: npm run audit:pages [-- --dir DIR --width 390 --no-throttle --json] [--lang ko|en]

빌드된 사이트의 페이지를 종류별로 하나씩 Chromium에서 열어 레이아웃 이동(CLS), 종류별 바이트
(HTML, CSS, JS, 글꼴, 이미지, 기타)와 요청 수를 출력합니다. 이어서 /verify/?url=로 OB 3.0과 OB 2.0 배지를
390, 412 px에서 언어별로 검증하고 LCP, TBT(제한 모드에서는 Lighthouse 모바일처럼 CPU 4배 감속), CLS, 바이트,
요청 수, 결과가 나오기까지의 시간을 출력합니다. 빌드는 하지 않으니 먼저 \`npm run build\`를 실행하세요.
  --dir DIR      빌드된 사이트 (기본값 dist)
  --width N      뷰포트 너비, CSS 픽셀 (기본값 390)
  --no-throttle  루프백 속도 (기본값: Lighthouse 모바일처럼 느린 4G, 지연 150 ms, 1.6 Mbit/s)
  --json         표 대신 JSON으로 출력합니다
종료 코드: 0 출력함, 1 빌드된 사이트가 없거나 브라우저 실패, 2 사용법 오류.`,
};

const KINDS = ['html', 'css', 'js', 'font', 'image', 'other'] as const;
type Kind = (typeof KINDS)[number];

export interface PageAudit {
  type: string;
  locale: string;
  path: string;
  cls: number;
  requests: number;
  bytes: Record<Kind, number>;
  files: Record<Kind, number>;
}

function kindOf(contentType: string, url: string): Kind {
  const type = contentType.split(';')[0]!.trim();
  if (type === 'text/html') return 'html';
  if (type === 'text/css') return 'css';
  if (type.includes('javascript')) return 'js';
  if (type.startsWith('font/') || /\.(woff2?|otf|ttf)$/.test(new URL(url).pathname)) return 'font';
  if (type.startsWith('image/')) return 'image';
  return 'other';
}

/** One page of each type, from the files of the built site (so any content works). */
function pagesToAudit(root: string): { type: string; locale: string; path: string }[] {
  const has = (p: string) => existsSync(path.join(root, p, 'index.html'));
  const firstDir = (p: string) => {
    const dir = path.join(root, p);
    if (!existsSync(dir)) return undefined;
    return readdirSync(dir)
      .sort()
      .find((name) => has(`${p}/${name}`));
  };
  const pages: { type: string; locale: string; path: string }[] = [];
  for (const [locale, prefix] of [
    ['ko', ''],
    ['en', 'en/'],
  ] as const) {
    const add = (type: string, p: string) => has(p) && pages.push({ type, locale, path: p });
    add('home', prefix);
    add('catalog', `${prefix}certifications/`);
    const cert = firstDir(`${prefix}certifications`);
    if (cert) add('certification', `${prefix}certifications/${cert}/`);
    add('faq', `${prefix}faq/`);
    add('claim guide', `${prefix}claim-guide/`);
    add('verify', `${prefix}verify/`);
  }
  // Award pages carry both languages on one URL: English is the #en view.
  const award = firstDir('badges');
  if (award) {
    pages.splice(3, 0, { type: 'award', locale: 'ko', path: `badges/${award}/` });
    pages.push({ type: 'award', locale: 'en', path: `badges/${award}/#en` });
  }
  return pages;
}

// Runs in the page: layout shifts since navigation (buffered), without those right after input.
const MEASURE_CLS = `new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
  document.fonts.ready.then(() => setTimeout(() => resolve(total), 1000));
})`;

export async function auditPages(root: string, width: number, throttle = true): Promise<PageAudit[]> {
  const [{ launchBrowser }, { siteUrlSetting }, { siteUrls }, { serveStatic }] = await Promise.all([
    import('./lib/browser.ts'),
    import('../src/lib/build-settings.ts'),
    import('../src/lib/site-urls.ts'),
    import('./lib/static-server.ts'),
  ]);
  const urls = siteUrls(siteUrlSetting());
  const server = await serveStatic({ root, base: urls.base });
  const browser = await launchBrowser();
  const results: PageAudit[] = [];
  try {
    for (const page of pagesToAudit(root)) {
      // A fresh context per page: an empty cache, as a first visit from a shared link.
      const { context, tab } = await phoneTab(browser, { width, throttle });
      const bytes = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
      const files = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
      const pending: Promise<void>[] = [];
      let requests = 0;
      tab.on('response', (response) => {
        requests++;
        pending.push(
          (async () => {
            const kind = kindOf(response.headers()['content-type'] ?? '', response.url());
            // Loopback serves no compression: the body length is what a visitor downloads uncompressed.
            const body = await response.body().catch(() => Buffer.alloc(0));
            bytes[kind] += body.length;
            files[kind]++;
          })(),
        );
      });
      await tab.goto(`${server.origin}${urls.base}${page.path}`, { waitUntil: 'load' });
      const cls = (await tab.evaluate(MEASURE_CLS)) as number;
      await tab.waitForLoadState('networkidle');
      await Promise.all(pending);
      results.push({
        ...page,
        path: urls.base + page.path,
        cls: Math.round(cls * 1000) / 1000,
        requests,
        bytes,
        files,
      });
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return results;
}

export interface VerifyAudit {
  format: 'ob3' | 'ob2';
  locale: string;
  width: number;
  outcome: string;
  /** Milliseconds from navigation start to the outcome on screen. */
  outcomeMs: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  requests: number;
  /** Bytes as received (the loopback server sends them uncompressed) and gzipped, as a host would send them. */
  bytes: number;
  gzipBytes: number;
  /** Script files loaded, by name without hash (which suites a document pulled in). */
  scripts: string[];
}

// Installed before any page script: observers from navigation start (buffering does not cover every entry type).
/**
 * A fresh context and tab as a phone opens a shared link: an empty cache, a 3x touch screen, and when throttled
 * Lighthouse's mobile network profile ("slow 4G": on bare loopback fonts arrive before the first paint and no swap
 * is ever seen, which is not what a phone sees), with its CPU slowdown when asked.
 */
async function phoneTab(
  browser: Browser,
  options: { width: number; throttle: boolean; locale?: string; cpuSlowdown?: number; init?: string },
) {
  const context = await browser.newContext({
    viewport: { width: options.width, height: 844 },
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
    ...(options.locale && { locale: options.locale }),
  });
  if (options.init) await context.addInitScript(options.init);
  const tab = await context.newPage();
  if (options.throttle) {
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 150,
      downloadThroughput: (1.6 * 1024 * 1024) / 8,
      uploadThroughput: (750 * 1024) / 8,
    });
    if (options.cpuSlowdown) await cdp.send('Emulation.setCPUThrottlingRate', { rate: options.cpuSlowdown });
  }
  return { context, tab };
}

const OBSERVE = `(() => {
  const seen = (window.__audit = { lcp: 0, tbt: 0, cls: 0 });
  const watch = (type, take) => {
    try { new PerformanceObserver((list) => list.getEntries().forEach(take)).observe({ type, buffered: true }); } catch {}
  };
  watch('largest-contentful-paint', (e) => { seen.lcp = e.startTime; });
  watch('longtask', (e) => { seen.tbt += Math.max(0, e.duration - 50); });
  watch('layout-shift', (e) => { if (!e.hadRecentInput) seen.cls += e.value; });
})()`;

/** An award of the built site with both an OB 3.0 credential and an OB 2.0 assertion, preferring one that has
 * not expired (so every step runs to a "verified"; the work is the same either way). */
function auditedAward(root: string): string | undefined {
  const dir = path.join(root, 'badges');
  if (!existsSync(dir)) return undefined;
  const awards = readdirSync(dir)
    .sort()
    .filter(
      (id) => existsSync(path.join(dir, id, 'credential.json')) && existsSync(path.join(dir, id, 'assertion.json')),
    );
  const current = (id: string) => {
    const { validUntil } = JSON.parse(readFileSync(path.join(dir, id, 'credential.json'), 'utf8')) as {
      validUntil?: string;
    };
    return !validUntil || Date.parse(validUntil) > Date.now();
  };
  return awards.find(current) ?? awards[0];
}

export async function auditVerify(root: string, widths: number[], throttle = true): Promise<VerifyAudit[]> {
  const [{ launchBrowser }, { siteUrlSetting }, { siteUrls, sitePaths }, { serveStatic }, { gzipSync }] =
    await Promise.all([
      import('./lib/browser.ts'),
      import('../src/lib/build-settings.ts'),
      import('../src/lib/site-urls.ts'),
      import('./lib/static-server.ts'),
      import('node:zlib'),
    ]);
  const urls = siteUrls(siteUrlSetting());
  const award = auditedAward(root);
  if (!award) return [];
  // The verifier reads only its own site's files: the site is browsed at the address it was built for.
  const server = await serveStatic({ root, base: urls.base });
  const site = new URL(urls.site);
  if (site.protocol !== 'http:')
    throw new Error(`the verify audit needs a site built for an http:// address (this one is ${urls.site})`);
  const browser = await launchBrowser({ hosts: { [site.host]: `127.0.0.1:${server.port}` } });
  const results: VerifyAudit[] = [];
  try {
    for (const width of widths)
      for (const locale of ['ko', 'en'])
        for (const format of ['ob3', 'ob2'] as const) {
          const { context, tab } = await phoneTab(browser, { width, throttle, locale, cpuSlowdown: 4, init: OBSERVE });
          let bytes = 0;
          let gzipBytes = 0;
          let requests = 0;
          const scripts: string[] = [];
          const pending: Promise<void>[] = [];
          tab.on('response', (response) => {
            requests++;
            if (/\.js$/.test(response.url()))
              scripts.push(path.basename(response.url()).replace(/[.-][\w-]{8}\.js$/, ''));
            pending.push(
              response.body().then(
                (body) => {
                  bytes += body.length;
                  gzipBytes += gzipSync(body).length;
                },
                () => {},
              ),
            );
          });
          const document = format === 'ob3' ? sitePaths.awardPage(award) : sitePaths.ob2Assertion(award);
          const page = `${urls.site}${locale === 'ko' ? '' : 'en/'}verify/?url=${encodeURIComponent(urls.site + document)}`;
          await tab.goto(page, { waitUntil: 'commit' });
          const result = tab.locator('[data-verify-result][data-state="done"]');
          await result.waitFor({ timeout: 60_000 });
          const outcomeMs = (await tab.evaluate('performance.now()')) as number;
          const outcome = (await result.getAttribute('data-outcome')) ?? '';
          await tab.waitForLoadState('networkidle');
          // Let paint and layout settle (fonts), as Lighthouse waits for a quiet page.
          await tab.evaluate('document.fonts.ready.then(() => new Promise((r) => setTimeout(r, 500)))');
          const seen = (await tab.evaluate('window.__audit')) as { lcp: number; tbt: number; cls: number };
          await Promise.all(pending);
          results.push({
            format,
            locale,
            width,
            outcome,
            outcomeMs: Math.round(outcomeMs),
            lcpMs: Math.round(seen.lcp),
            tbtMs: Math.round(seen.tbt),
            cls: Math.round(seen.cls * 1000) / 1000,
            requests,
            bytes,
            gzipBytes,
            scripts: [...new Set(scripts)].sort(),
          });
          await context.close();
        }
  } finally {
    await browser.close();
    await server.close();
  }
  return results;
}

export function formatVerifyTable(results: VerifyAudit[], throttle: boolean): string {
  const header = ['badge', 'lang', 'px', 'outcome', 'shown ms', 'LCP ms', 'TBT ms', 'CLS', 'req', 'KB', 'KB gzip'];
  const rows = results.map((r) => [
    r.format === 'ob3' ? 'OB 3.0' : 'OB 2.0',
    r.locale,
    String(r.width),
    r.outcome,
    String(r.outcomeMs),
    String(r.lcpMs),
    String(r.tbtMs),
    r.cls.toFixed(3),
    String(r.requests),
    kb(r.bytes),
    kb(r.gzipBytes),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 4 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const scripts = [
    ...new Set(results.map((r) => `${r.format === 'ob3' ? 'OB 3.0' : 'OB 2.0'}: ${r.scripts.join(', ')}`)),
  ];
  return [
    `Verification by /verify/?url= from a fresh browser context, ${throttle ? 'slow 4G and 4x CPU slowdown' : 'loopback, no slowdown'} ("shown": navigation start to the outcome on screen):`,
    line(header),
    ...rows.map(line),
    'Scripts loaded:',
    ...scripts.map((s) => `  ${s}`),
  ].join('\n');
}

const kb = (n: number) => (n / 1024).toFixed(1);

export function formatTable(results: PageAudit[], width: number, throttle: boolean): string {
  const header = [
    'page',
    'lang',
    'CLS',
    'req',
    'HTML KB',
    'CSS KB',
    'JS KB',
    'font KB (files)',
    'img KB',
    'other KB',
    'total KB',
  ];
  const rows = results.map((r) => [
    r.type,
    r.locale,
    r.cls.toFixed(3),
    String(r.requests),
    kb(r.bytes.html),
    kb(r.bytes.css),
    kb(r.bytes.js),
    `${kb(r.bytes.font)} (${r.files.font})`,
    kb(r.bytes.image),
    kb(r.bytes.other),
    kb(KINDS.reduce((sum, k) => sum + r.bytes[k], 0)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const network = throttle ? 'slow 4G' : 'loopback';
  return [
    `Pages at ${width} px wide in Chromium, ${network}, empty cache (bytes uncompressed):`,
    line(header),
    ...rows.map(line),
  ].join('\n');
}

if (import.meta.main) {
  const cli = parseCli({
    command: 'audit:pages',
    usage: USAGE,
    options: {
      dir: { type: 'string', default: 'dist' },
      width: { type: 'string', default: '390' },
      json: { type: 'boolean' },
      'no-throttle': { type: 'boolean' },
    },
  });
  const { values } = cli;
  const width = cli.integer('--width', values.width!, 200, 4000);
  await runCli(async () => {
    const root = path.resolve(values.dir!);
    if (!existsSync(path.join(root, 'index.html')) || !statSync(root).isDirectory())
      throw new CliError(
        cli.say({
          en: `No built site in ${values.dir}/: run \`npm run build\` first (or pass --dir).`,
          ko: `${values.dir}/에 빌드된 사이트가 없습니다: 먼저 \`npm run build\`를 실행하세요 (또는 --dir을 지정하세요).`,
        }),
      );
    try {
      const throttle = !values['no-throttle'];
      const results = await auditPages(root, width, throttle);
      const verify = await auditVerify(root, [390, 412], throttle);
      console.log(
        values.json
          ? JSON.stringify({ width, throttle, pages: results, verify }, null, 2)
          : `${formatTable(results, width, throttle)}\n\n${formatVerifyTable(verify, throttle)}`,
      );
    } catch (error) {
      throw new CliError(`Audit failed: ${(error as Error).message}`);
    }
  });
}
