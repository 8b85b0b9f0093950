/**
 * npm run preview [-- --port 4321 --dir dist]
 * Serves the built site locally the way a correctly configured CDN would.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { siteUrlSetting } from '../src/lib/build-settings.ts';
import { siteUrls } from '../src/lib/site-urls.ts';
import { serveStatic } from './lib/static-server.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '4321' }, dir: { type: 'string', default: 'dist' } } });
const urls = siteUrls(siteUrlSetting());
const server = await serveStatic({ root: path.resolve(values.dir!), port: Number(values.port), base: urls.base });
console.log(`Serving ${values.dir}/ at ${server.origin}${urls.base} (built for ${urls.site}). Ctrl+C to stop.`);
