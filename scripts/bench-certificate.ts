/**
 * node scripts/bench-certificate.ts [--awards 2000]
 *
 * What the printable certificate costs an award page (src/lib/award-page/certificate.ts):
 * milliseconds per award for the QR code alone, for what the page carries of
 * the certificate (the packed QR code; the page's script makes the certificate,
 * in words it carries itself), and for the whole award page markup; and the
 * bytes that, the print action and the artwork stamp add to each page (raw and
 * gzipped). Awards are the fixture awards under fresh random ids, so every QR
 * code is different.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseCli } from './lib/cli.ts';
import type { PublishedAward } from '../src/lib/site-model.ts';

const cli = parseCli({
  command: 'bench:certificate',
  usage: {
    en: `usage: npm run bench:certificate -- [--awards 2000] [--lang ko|en]

What the printable certificate costs an award page: milliseconds per award for the QR code, for what the page
carries of the certificate and for the whole award page markup, and the bytes it adds (raw and gzipped).
  --awards N   awards to time (default 2000)
Exit: 0 measured, 1 failure, 2 usage error.`,
    ko: `사용법: npm run bench:certificate -- [--awards 2000] [--lang ko|en]

인쇄용 인증서가 수여 페이지에 드는 비용: 수여당 QR 코드, 페이지가 담는 인증서 부분, 수여 페이지 전체
마크업의 밀리초와 더해지는 바이트(원래 크기와 gzip).
  --awards N   잴 수여 수 (기본값 2000)
종료 코드: 0 측정함, 1 실패, 2 사용법 오류.`,
  },
  options: { awards: { type: 'string', default: '2000' } },
});
// What the work needs loads only now: --help and usage errors answer without it.
const { awardPageParts } = await import('../src/lib/award-page/award-page-html.ts');
const { certificateCodeAttributes, qrModules } = await import('../src/lib/award-page/certificate.ts');
const { loadContent } = await import('../src/lib/content/content-files.ts');
const { buildSiteModel } = await import('../src/lib/site-model.ts');
const { sitePaths, siteUrls } = await import('../src/lib/site-urls.ts');
const { values } = cli;
const count = cli.integer('--awards', values.awards!, 1);
const root = path.resolve(import.meta.dirname, '..');
const model = buildSiteModel(loadContent(path.join(root, 'tests/fixtures/content')), new Date('2026-11-26T00:00:00Z'));
const urls = siteUrls('https://badges.example.org/');
const entries: PublishedAward[] = Array.from({ length: count }, (_, i) => {
  const entry = model.published[i % model.published.length]!;
  return { ...entry, award: { ...entry.award, id: randomUUID() } };
});

function timed(label: string, run: (entry: PublishedAward) => unknown): void {
  for (const entry of entries.slice(0, 200)) run(entry); // warm up
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const entry of entries) run(entry);
  const wall = (performance.now() - started) / count;
  const used = process.cpuUsage(cpu);
  console.log(
    `${label.padEnd(44)} ${wall.toFixed(3)} ms/award wall, ${((used.user + used.system) / 1000 / count).toFixed(3)} ms CPU`,
  );
}

console.log(`${count} awards (fixture awards under random ids), Node ${process.version}`);
timed('QR code (qrcode, byte mode, fixed mask, packed)', (e) => qrModules(urls.url(sitePaths.awardPage(e.award.id))));
// The certificate's own words come with the page's script (src/lib/award-page/award-page-texts.ts), not in the page.
timed('certificate: QR code and award id attributes', (e) => certificateCodeAttributes(e, urls));
timed('whole award page markup (awardPageParts)', (e) => awardPageParts(model, e, urls));

// Bytes: the page's main markup with and without what this feature adds.
const ADDED = [
  / data-certificate-(?:kicker|intro|verify|code)="[^"]*"/g,
  / data-award-id="[^"]*"/g,
  /<p class="print-action">[\s\S]*?<\/p>/g,
  /<span class="award-stamp"[^>]*><\/span>/g,
];
let raw = 0;
let gzip = 0;
let qr = 0;
for (const entry of entries.slice(0, 200)) {
  const main = awardPageParts(model, entry, urls).main;
  const without = ADDED.reduce((text, pattern) => text.replace(pattern, ''), main).replace(
    /<div class="award-art">(<img [^>]*>)<\/div>/g,
    '$1',
  );
  raw += main.length - without.length;
  gzip += gzipSync(main).length - gzipSync(without).length;
  qr += / data-certificate-code="[^"]*"/.exec(main)![0].length;
}
const n = Math.min(200, count);
console.log(
  `bytes added per page: ${(raw / n / 1024).toFixed(2)} KB raw (QR code ${(qr / n / 1024).toFixed(2)} KB), ${(gzip / n / 1024).toFixed(2)} KB gzipped`,
);
