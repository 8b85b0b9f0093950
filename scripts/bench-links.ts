/**
 * npm run bench:links -- --dist DIR [--pages 10000]
 *
 * Times the internal link check on a site of N award pages: one real award
 * page from a built site (DIR) is cloned N times under new award ids, with
 * the files it links to, and checked in memory as the build step does
 * (parse every page, then resolve every link). Prints the figures.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCli } from './lib/cli.ts';
import type { PageLinks } from '../src/lib/site/internal-links.ts';

const cli = parseCli({
  command: 'bench:links',
  usage: {
    en: `usage: npm run bench:links -- --dist DIR [--pages 10000] [--site URL] [--lang ko|en]

Times the internal link check on N award pages: one award page of a built site (DIR) cloned N times under
new ids, checked in memory as the build step does. Prints the figures.
  --dist DIR    a built site (npm run build -- --out DIR); required
  --pages N     award pages (default 10000)
  --site URL    the site URL (default: from the page's canonical link)
Exit: 0 measured, 1 failure, 2 usage error.`,
    ko: `사용법: npm run bench:links -- --dist DIR [--pages 10000] [--site URL] [--lang ko|en]

수여 페이지 N개에서 내부 링크 검사 시간을 잽니다: 빌드된 사이트(DIR)의 수여 페이지 하나를 새 id로
N번 복제해 빌드 단계처럼 메모리에서 검사합니다. 수치를 출력합니다.
  --dist DIR    빌드된 사이트 (npm run build -- --out DIR); 필수
  --pages N     수여 페이지 수 (기본값 10000)
  --site URL    사이트 URL (기본값: 페이지의 canonical 링크에서)
종료 코드: 0 측정함, 1 실패, 2 사용법 오류.`,
  },
  options: { dist: { type: 'string' }, pages: { type: 'string', default: '10000' }, site: { type: 'string' } },
});
// What the work needs loads only now: --help and usage errors answer without it.
const { extractLinks, findBrokenLinks } = await import('../src/lib/site/internal-links.ts');
const { siteUrls } = await import('../src/lib/site-urls.ts');
const { values } = cli;
if (!values.dist)
  cli.usageError({
    en: '--dist DIR is required: a built site (npm run build -- --out DIR)',
    ko: '--dist DIR이 필요합니다: 빌드된 사이트 (npm run build -- --out DIR)',
  });
const dist = path.resolve(values.dist!);
const count = cli.integer('--pages', values.pages!, 1);
const badges = readdirSync(path.join(dist, 'badges'));
const sampleId = badges[0]!;
const sample = readFileSync(path.join(dist, 'badges', sampleId, 'index.html'), 'utf8');
const canonical = /<link rel="canonical" href="([^"]+)"/.exec(sample)![1]!;
const urls = siteUrls(values.site ?? canonical.slice(0, canonical.indexOf(`badges/${sampleId}/`)));
const files = new Set(
  readdirSync(dist, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dist, path.join(e.parentPath, e.name)).split(path.sep).join('/')),
);
const awardFiles = [...files]
  .filter((f) => f.startsWith(`badges/${sampleId}/`))
  .map((f) => f.slice(`badges/${sampleId}/`.length));
const ids = Array.from({ length: count }, (_, i) => `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`);
for (const id of ids) for (const f of awardFiles) files.add(`badges/${id}/${f}`);
const htmls = ids.map((id) => sample.replaceAll(sampleId, id));

const heapBefore = process.memoryUsage().heapUsed;
let started = performance.now();
const pages: PageLinks[] = htmls.map((html, i) => extractLinks(`badges/${ids[i]}/index.html`, html));
const parseMs = performance.now() - started;
started = performance.now();
const broken = findBrokenLinks(pages, files, urls);
const resolveMs = performance.now() - started;
const links = pages.reduce((sum, p) => sum + p.links.length, 0);
console.log(
  `pages: ${count} award pages (${(sample.length / 1024).toFixed(1)} KB each), ${links} links, ${broken.length} broken`,
);
console.log(`parse:   ${parseMs.toFixed(0)} ms (${((parseMs / count) * 1000).toFixed(0)} µs/page)`);
console.log(`resolve: ${resolveMs.toFixed(0)} ms`);
console.log(
  `heap growth: ${((process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024).toFixed(0)} MB (pages held in memory: ${((count * sample.length) / 1024 / 1024).toFixed(0)} MB of HTML)`,
);
