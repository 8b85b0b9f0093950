/**
 * npm run preview [-- --port 4321 --dir dist]
 * Serves the built site locally the way a correctly configured CDN would
 * (the site's `_headers`, JSON types, 404 page; GET and HEAD only).
 *
 * Exit codes: 1 cannot serve (no built site, port taken), 2 usage error.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { siteUrlSetting } from '../src/lib/build-settings.ts';
import { siteUrls } from '../src/lib/site-urls.ts';
import { serveStatic } from './lib/static-server.ts';
import { parseArgsOrExit } from './lib/cli.ts';

const HELP = `Usage: npm run preview [-- --port 4321 --dir dist]

Serves the built site at http://127.0.0.1:<port>/ with the response headers of its _headers file.
  --port N    port to listen on (default 4321)
  --dir DIR   the built site (default dist)
  --help      this text`;

const values = parseArgsOrExit({ port: { type: 'string', default: '4321' }, dir: { type: 'string', default: 'dist' } }, HELP);
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port ${values.port} is not a port number (0-65535).`);
  process.exit(2);
}
const root = path.resolve(values.dir!);
if (!existsSync(root) || !statSync(root).isDirectory()) {
  console.error(`No built site in ${values.dir}/: run \`npm run build\` first (or pass --dir).`);
  process.exit(1);
}
const urls = siteUrls(siteUrlSetting());
try {
  const server = await serveStatic({ root, port, base: urls.base });
  console.log(`Serving ${values.dir}/ at ${server.origin}${urls.base} (built for ${urls.site}). Ctrl+C to stop.`);
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  console.error(
    code === 'EADDRINUSE'
      ? `Port ${port} is already in use: stop the other server or pass --port.`
      : `Cannot serve ${values.dir}/: ${(error as Error).message}`,
  );
  process.exit(1);
}
