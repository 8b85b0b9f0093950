/**
 * npm run changes [-- options]
 *
 * What changed between the last deployed site and the last build, from their
 * manifests (path -> SHA-256): the files a sync must upload or delete and the
 * paths a CDN must purge, instead of the whole site.
 */
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SiteManifest } from '../src/lib/site/site-manifest.ts';
import { CliError, parseCli, runCli } from './lib/cli.ts';
import { buildCacheDir } from '../src/lib/build-settings.ts';

const cli = parseCli({
  command: 'changes',
  usage: {
    en: `usage: npm run changes -- [--since FILE] [--to FILE] [--format summary|paths|json] [--mark-deployed] [--lang ko|en]

Compares two site manifests and lists the files added, changed and removed.
  --since FILE      the manifest of what is live (default: deployed-manifest.tsv in the build cache,
                    EMBLEM_BUILD_CACHE or .emblem/cache); a missing one counts as an empty site: everything is new
  --to FILE         the manifest of the new build (default: site-manifest.tsv in the build cache, written by npm run build)
  --format F        summary (counts and paths, default), paths ("+ path", "~ path", "- path": one per line, for scripts)
                    or json
  --mark-deployed   after a successful deploy: record the new build's manifest as what is live
Exit: 0 done, 1 a manifest is missing or unreadable, 2 usage error.`,
    ko: `사용법: npm run changes -- [--since 파일] [--to 파일] [--format summary|paths|json] [--mark-deployed] [--lang ko|en]

두 사이트 매니페스트를 비교해 추가·변경·삭제된 파일을 보여 줍니다.
  --since 파일      게시된 사이트의 매니페스트 (기본값: 빌드 캐시의 deployed-manifest.tsv,
                    EMBLEM_BUILD_CACHE 또는 .emblem/cache); 없으면 빈 사이트로 보아 모두 새 파일입니다
  --to 파일         새 빌드의 매니페스트 (기본값: 빌드 캐시의 site-manifest.tsv, npm run build가 씀)
  --format F        summary (개수와 경로, 기본값), paths (한 줄에 하나씩 "+ 경로", "~ 경로", "- 경로", 스크립트용)
                    또는 json
  --mark-deployed   배포에 성공한 뒤: 새 빌드의 매니페스트를 게시된 사이트로 기록합니다
종료 코드: 0 완료, 1 매니페스트가 없거나 읽을 수 없음, 2 사용법 오류.`,
  },
  options: {
    since: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string', default: 'summary' },
    'mark-deployed': { type: 'boolean', default: false },
  },
});
const { values } = cli;
const format = cli.oneOf('--format', values.format!, ['summary', 'paths', 'json']);

await runCli(async () => {
  const { BUILT_MANIFEST, DEPLOYED_MANIFEST } = await import('../src/steps/site-files/site-manifest.ts');
  const { diffManifests, parseManifest } = await import('../src/lib/site/site-manifest.ts');
  const cacheDir = buildCacheDir();
  const builtFile = path.resolve(values.to ?? path.join(cacheDir, BUILT_MANIFEST));
  const deployedFile = path.resolve(values.since ?? path.join(cacheDir, DEPLOYED_MANIFEST));

  function readManifest(file: string, missingOk: boolean): SiteManifest {
    if (!existsSync(file)) {
      if (missingOk) return new Map();
      throw new CliError(
        `${path.relative(process.cwd(), file)} does not exist: run npm run build first (or name a manifest with --to)`,
      );
    }
    try {
      return parseManifest(readFileSync(file, 'utf8'), path.relative(process.cwd(), file));
    } catch (error) {
      throw new CliError((error as Error).message);
    }
  }

  const built = readManifest(builtFile, false);
  if (values['mark-deployed']) {
    copyFileSync(builtFile, deployedFile);
    console.log(
      `Recorded ${path.relative(process.cwd(), builtFile)} (${built.size} files) as the deployed site: ${path.relative(process.cwd(), deployedFile)}`,
    );
    return;
  }

  const deployed = readManifest(deployedFile, values.since === undefined);
  const changes = diffManifests(deployed, built);
  if (format === 'json') {
    console.log(JSON.stringify(changes, null, 2));
  } else if (format === 'paths') {
    const lines = [
      ...changes.added.map((p) => `+ ${p}`),
      ...changes.changed.map((p) => `~ ${p}`),
      ...changes.removed.map((p) => `- ${p}`),
    ];
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
});
