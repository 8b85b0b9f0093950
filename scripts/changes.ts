/**
 * npm run changes [-- options]
 *
 * What changed between the last deployed site and the last build, from their
 * manifests (path -> SHA-256): the files a sync must upload or delete and the
 * paths a CDN must purge, instead of the whole site.
 */
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BUILT_MANIFEST, DEPLOYED_MANIFEST } from '../src/steps/site-files/site-manifest.ts';
import { diffManifests, parseManifest, type SiteManifest } from '../src/lib/site/site-manifest.ts';

const cacheDir = path.resolve(process.env.EMBLEM_BUILD_CACHE || '.emblem/cache');
const USAGE = `usage: npm run changes -- [--since FILE] [--to FILE] [--format summary|paths|json] [--mark-deployed]

Compares two site manifests and lists the files added, changed and removed.
  --since FILE      the manifest of what is live (default: ${path.relative(process.cwd(), path.join(cacheDir, DEPLOYED_MANIFEST))});
                    a missing one counts as an empty site: everything is new
  --to FILE         the manifest of the new build (default: ${path.relative(process.cwd(), path.join(cacheDir, BUILT_MANIFEST))}, written by npm run build)
  --format F        summary (counts and paths, default), paths ("+ path", "~ path", "- path": one per line, for scripts)
                    or json
  --mark-deployed   after a successful deploy: record the new build's manifest as what is live

Exit codes: 0 done, 1 a manifest is missing or unreadable, 2 usage error.`;

const OPTIONS = {
  since: { type: 'string' },
  to: { type: 'string' },
  format: { type: 'string', default: 'summary' },
  'mark-deployed': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function fail(message: string, code: number): never {
  console.error(message);
  process.exit(code);
}

let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];
try {
  ({ values } = parseArgs({ options: OPTIONS }));
} catch (error) {
  fail(`${(error as Error).message}\n\n${USAGE}`, 2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!['summary', 'paths', 'json'].includes(values.format)) fail(`--format must be summary, paths or json\n\n${USAGE}`, 2);

const builtFile = path.resolve(values.to ?? path.join(cacheDir, BUILT_MANIFEST));
const deployedFile = path.resolve(values.since ?? path.join(cacheDir, DEPLOYED_MANIFEST));

function readManifest(file: string, missingOk: boolean): SiteManifest {
  if (!existsSync(file)) {
    if (missingOk) return new Map();
    fail(`${path.relative(process.cwd(), file)} does not exist: run npm run build first (or name a manifest with --to)`, 1);
  }
  try {
    return parseManifest(readFileSync(file, 'utf8'), path.relative(process.cwd(), file));
  } catch (error) {
    fail((error as Error).message, 1);
  }
}

const built = readManifest(builtFile, false);
if (values['mark-deployed']) {
  copyFileSync(builtFile, deployedFile);
  console.log(`Recorded ${path.relative(process.cwd(), builtFile)} (${built.size} files) as the deployed site: ${path.relative(process.cwd(), deployedFile)}`);
  process.exit(0);
}

const deployed = readManifest(deployedFile, values.since === undefined);
const changes = diffManifests(deployed, built);
if (values.format === 'json') {
  console.log(JSON.stringify(changes, null, 2));
} else if (values.format === 'paths') {
  const lines = [...changes.added.map((p) => `+ ${p}`), ...changes.changed.map((p) => `~ ${p}`), ...changes.removed.map((p) => `- ${p}`)];
  if (lines.length) console.log(lines.join('\n'));
} else {
  console.log(
    `${changes.added.length} added, ${changes.changed.length} changed, ${changes.removed.length} removed, ${changes.unchanged} unchanged ` +
      `(${deployed.size ? path.relative(process.cwd(), deployedFile) : 'nothing deployed yet'} -> ${path.relative(process.cwd(), builtFile)})`,
  );
  const show = (label: string, paths: string[]) => {
    if (!paths.length) return;
    console.log(`\n${label}:`);
    for (const p of paths.slice(0, 50)) console.log(`  ${p}`);
    if (paths.length > 50) console.log(`  … ${paths.length - 50} more (--format paths lists all)`);
  };
  show('Added', changes.added);
  show('Changed', changes.changed);
  show('Removed', changes.removed);
}
