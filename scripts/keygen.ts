/**
 * npm run keygen [-- --out FILE [--force]] [--site-url URL] [--lang ko|en]
 *
 * Creates an Ed25519 signing key for the issuer's credentials and says where
 * to put it. With --out the key is written to FILE (mode 600; refused inside
 * the project, so it cannot be committed or published); without it the key
 * JSON is printed once, for a CI secret.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CliError, parseCli, runCli } from './lib/cli.ts';

const cli = parseCli({
  command: 'keygen',
  usage: {
    en: `usage: npm run keygen -- [--out FILE [--force]] [--site-url URL] [--lang ko|en]

Creates an Ed25519 signing key for the issuer's credentials and says where to put it.
  --out FILE       write the key to FILE (readable by you only; refused inside the project)
                   (default: print the key once, for a CI secret such as EMBLEM_SIGNING_KEY)
  --force          replace an existing FILE (then record the rotation: npm run keys -- rotate)
  --site-url URL   the site the key signs for (default: EMBLEM_SITE_URL, else site.url in the issuer file)
Exit: 0 created, 1 refused (inside the project, or FILE exists), 2 usage error.`,
    ko: `사용법: npm run keygen -- [--out 파일 [--force]] [--site-url URL] [--lang ko|en]

발급 기관 자격증명의 Ed25519 서명 키를 만들고 어디에 두어야 하는지 알려 줍니다.
  --out 파일       키를 파일에 씁니다 (본인만 읽을 수 있음, 프로젝트 안에는 쓰지 않습니다)
                   (없으면 키를 한 번만 출력합니다: EMBLEM_SIGNING_KEY 같은 CI 비밀 값용)
  --force          기존 파일을 바꿉니다 (그 뒤 키 교체를 기록하세요: npm run keys -- rotate)
  --site-url URL   키가 서명할 사이트 (기본값: EMBLEM_SITE_URL, 없으면 발급 기관 파일의 site.url)
종료 코드: 0 만듦, 1 거부 (프로젝트 안이거나 파일이 있음), 2 사용법 오류.`,
  },
  options: {
    out: { type: 'string' },
    'site-url': { type: 'string' },
    force: { type: 'boolean', default: false },
  },
});
const { values } = cli;

await runCli(async () => {
  const { siteUrlSetting } = await import('../src/lib/build-settings.ts');
  const { generateSigningKey, siteDid, verificationMethodId } = await import('../src/lib/credentials/keys.ts');
  const { siteUrls } = await import('../src/lib/site-urls.ts');

  const key = await generateSigningKey();
  const keyJson = JSON.stringify(key);
  const urls = siteUrls(values['site-url'] ?? siteUrlSetting());
  const did = siteDid(urls);
  const root = process.cwd();

  const lines: string[] = [];
  if (values.out) {
    const file = path.resolve(values.out);
    const relative = path.relative(root, file);
    if (!relative.startsWith('..') && !path.isAbsolute(relative)) {
      throw new CliError(
        cli.say({
          en: `Refusing to write the key inside the project (${file}): keep it outside, e.g. ~/.config/emblem/signing-key.json`,
          ko: `키를 프로젝트 안(${file})에 쓰지 않습니다: ~/.config/emblem/signing-key.json처럼 밖에 두세요`,
        }),
      );
    }
    if (existsSync(file) && !values.force) {
      throw new CliError(
        cli.say({
          en: `${file} exists; pass --force to replace it (then record the rotation: npm run keys -- rotate)`,
          ko: `${file}이(가) 이미 있습니다. 바꾸려면 --force를 붙이세요 (그 뒤 키 교체를 기록하세요: npm run keys -- rotate)`,
        }),
      );
    }
    writeFileSync(file, keyJson + '\n', { mode: 0o600 });
    lines.push(
      `Signing key written to ${file} (readable by you only).`,
      '',
      'Build with:',
      `  EMBLEM_MODE=production EMBLEM_SIGNING_KEY_FILE=${file} npm run build`,
    );
  } else {
    lines.push(
      'New signing key (shown once; store it as a secret, e.g. a CI secret named EMBLEM_SIGNING_KEY):',
      '',
      `  EMBLEM_SIGNING_KEY='${keyJson}'`,
      '',
      'Build with:',
      '  EMBLEM_MODE=production EMBLEM_SIGNING_KEY=… npm run build',
    );
  }
  lines.push(
    '',
    `Public key: ${key.publicKeyMultibase}`,
    `It is published in the DID document of ${did} as ${verificationMethodId(did, key.publicKeyMultibase)}`,
    '',
    'Replacing an earlier key? Record the rotation in the key history (public keys only):',
    `  npm run keys -- rotate --key ${key.publicKeyMultibase} --write`,
    'so credentials the earlier key signed keep verifying; a leaked key: npm run keys -- compromised.',
    'Never commit the key or put it in public/: the build never copies it into the site.',
  );
  console.log(lines.join('\n'));
});
