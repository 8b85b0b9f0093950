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
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { CliError, parseCli, runCli, type Text } from './lib/cli.ts';

const USAGE: Text = {
  en: `usage: npm run audit:pages [-- --dir DIR --width 390 --no-throttle --json] [--lang ko|en]

Opens one page of each type of the built site in Chromium and prints layout shift (CLS),
bytes by kind (HTML, CSS, JS, fonts, images, other) and request count. Builds nothing:
run \`npm run build\` first.
  --dir DIR      the built site (default dist)
  --width N      viewport width in CSS pixels (default 390)
  --no-throttle  loopback speed (default: a slow 4G network, 150 ms latency, 1.6 Mbit/s, as Lighthouse's mobile run)
  --json         print JSON instead of a table
Exit: 0 printed, 1 no built site or the browser failed, 2 usage error.`,
  ko: `사용법: npm run audit:pages [-- --dir DIR --width 390 --no-throttle --json] [--lang ko|en]

빌드된 사이트의 페이지를 종류별로 하나씩 Chromium에서 열어 레이아웃 이동(CLS), 종류별 바이트
(HTML, CSS, JS, 글꼴, 이미지, 기타)와 요청 수를 출력합니다. 빌드는 하지 않으니 먼저 \`npm run build\`를 실행하세요.
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
      const context = await browser.newContext({
        viewport: { width, height: 844 },
        deviceScaleFactor: 3,
        isMobile: true,
        hasTouch: true,
      });
      const tab = await context.newPage();
      if (throttle) {
        // Lighthouse's mobile network profile ("slow 4G"): on bare loopback fonts arrive before the first
        // paint and no swap is ever seen, which is not what a phone sees.
        const cdp = await context.newCDPSession(tab);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', {
          offline: false,
          latency: 150,
          downloadThroughput: (1.6 * 1024 * 1024) / 8,
          uploadThroughput: (750 * 1024) / 8,
        });
      }
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
      console.log(
        values.json
          ? JSON.stringify({ width, throttle, pages: results }, null, 2)
          : formatTable(results, width, throttle),
      );
    } catch (error) {
      throw new CliError(`Audit failed: ${(error as Error).message}`);
    }
  });
}
