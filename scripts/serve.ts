/**
 * npm run preview [-- --port 4321 --dir dist]
 * Serves the built site locally the way a correctly configured CDN would
 * (the site's `_headers`, JSON types, 404 page; GET and HEAD only).
 *
 * Exit codes: 1 cannot serve (no built site, port taken), 2 usage error.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { CliError, KEEP_RUNNING, parseCli, runCli } from './lib/cli.ts';

const cli = parseCli({
  command: 'preview',
  usage: {
    en: `usage: npm run preview [-- --port 4321 --dir dist] [--lang ko|en]

Serves the built site at http://127.0.0.1:<port>/ with the response headers of its _headers file.
  --port N    port to listen on (default 4321)
  --dir DIR   the built site (default dist)
Exit: stops with Ctrl+C; 1 cannot serve (no built site, port taken), 2 usage error.`,
    ko: `사용법: npm run preview [-- --port 4321 --dir dist] [--lang ko|en]

빌드된 사이트를 http://127.0.0.1:<포트>/에서 _headers 파일의 응답 헤더와 함께 보여 줍니다.
  --port N    들을 포트 (기본값 4321)
  --dir DIR   빌드된 사이트 (기본값 dist)
종료 코드: Ctrl+C로 멈춤; 1 보여 줄 수 없음 (빌드된 사이트 없음, 포트 사용 중), 2 사용법 오류.`,
  },
  options: { port: { type: 'string', default: '4321' }, dir: { type: 'string', default: 'dist' } },
});
const { values } = cli;
const port = cli.integer('--port', values.port!, 0, 65535);

await runCli(async () => {
  const root = path.resolve(values.dir!);
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new CliError(
      cli.say({
        en: `No built site in ${values.dir}/: run \`npm run build\` first (or pass --dir).`,
        ko: `${values.dir}/에 빌드된 사이트가 없습니다: 먼저 \`npm run build\`를 실행하세요 (또는 --dir을 지정하세요).`,
      }),
    );
  const { siteUrlSetting } = await import('../src/lib/build-settings.ts');
  const { siteUrls } = await import('../src/lib/site-urls.ts');
  const { serveStatic } = await import('./lib/static-server.ts');
  const urls = siteUrls(siteUrlSetting());
  try {
    const server = await serveStatic({ root, port, base: urls.base });
    console.log(`Serving ${values.dir}/ at ${server.origin}${urls.base} (built for ${urls.site}). Ctrl+C to stop.`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'EADDRINUSE'
        ? cli.say({
            en: `Port ${port} is already in use: stop the other server or pass --port.`,
            ko: `포트 ${port}을(를) 이미 쓰고 있습니다: 다른 서버를 멈추거나 --port를 지정하세요.`,
          })
        : `Cannot serve ${values.dir}/: ${(error as Error).message}`,
    );
  }
  return KEEP_RUNNING;
});
