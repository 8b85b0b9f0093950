/**
 * npm run verify:size [-- DIR]   (default DIR: dist)
 *
 * What the verify page costs in JavaScript, read from a built site: the script
 * loaded with the page, and the chunks it imports only when a verification
 * starts (bytes as stored, and gzipped as a CDN would send them).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { CliError, parseCli, runCli } from './lib/cli.ts';

const cli = parseCli({
  command: 'verify:size',
  positionals: { max: 1, name: { en: 'site folder', ko: '사이트 폴더' } },
  usage: {
    en: `usage: npm run verify:size [-- DIR] [--lang ko|en]

What the verify page costs in JavaScript, read from a built site (DIR, default dist): the script loaded
with the page and the chunks loaded when a verification starts, as stored and gzipped.
Exit: 0 printed, 1 no verify page in DIR, 2 usage error.`,
    ko: `사용법: npm run verify:size [-- DIR] [--lang ko|en]

빌드된 사이트(DIR, 기본값 dist)에서 검증 페이지의 JavaScript 크기를 봅니다: 페이지와 함께 읽는 스크립트와
검증을 시작할 때 읽는 조각, 저장된 크기와 gzip 크기.
종료 코드: 0 출력함, 1 DIR에 검증 페이지가 없음, 2 사용법 오류.`,
  },
  options: {},
});

await runCli(() => {
  const dir = path.resolve(cli.positionals[0] ?? 'dist');
  const page = path.join(dir, 'verify/index.html');
  if (!existsSync(page))
    throw new CliError(
      cli.say({
        en: `No verify page in ${dir} (build the site first)`,
        ko: `${dir}에 검증 페이지가 없습니다 (먼저 사이트를 빌드하세요)`,
      }),
    );
  const html = readFileSync(page, 'utf8');
  const assetFile = (src: string) => path.join(dir, src.replace(/^.*?\/_astro\//, '_astro/'));
  const eager = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)].map((m) => assetFile(m[1]!));
  const lazy = new Set<string>();
  // The verifier runs in a worker (src/browser/verify-worker.ts) started when a verification starts: that file
  // and every chunk it can import, statically or dynamically (one format's checks load per document).
  const follow = (file: string) => {
    if (lazy.has(file) || !existsSync(file)) return;
    lazy.add(file);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/(?:from|import)\s*\(?\s*["'`]\.\/([^"'`]+\.js)["'`]/g))
      follow(path.join(path.dirname(file), m[1]!));
  };
  for (const file of eager)
    for (const m of readFileSync(file, 'utf8').matchAll(/new Worker\(new URL\(["'`]([^"'`]+\.js)["'`]/g))
      follow(assetFile(m[1]!));
  const row = (file: string) => {
    const bytes = readFileSync(file);
    return { file: path.relative(dir, file), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  };
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const print = (label: string, rows: ReturnType<typeof row>[]) => {
    console.log(label);
    for (const r of rows)
      console.log(`  ${r.file.padEnd(58)} ${kb(r.raw).padStart(9)}  ${kb(r.gzip).padStart(9)} gzip`);
    const raw = rows.reduce((s, r) => s + r.raw, 0);
    const gzip = rows.reduce((s, r) => s + r.gzip, 0);
    console.log(`  ${'total'.padEnd(58)} ${kb(raw).padStart(9)}  ${kb(gzip).padStart(9)} gzip`);
  };
  print('Loaded with the verify page:', eager.map(row));
  print('Loaded when a verification starts (the worker and every chunk it may import):', [...lazy].map(row));
});
