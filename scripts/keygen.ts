/**
 * npm run keygen [-- --out FILE] [-- --site-url URL]
 *
 * Creates an Ed25519 signing key for the issuer's credentials and says where
 * to put it. With --out the key is written to FILE (mode 600; refused inside
 * the project, so it cannot be committed or published); without it the key
 * JSON is printed once, for a CI secret.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { siteUrlSetting } from '../src/lib/build-settings.ts';
import { generateSigningKey, siteDid, verificationMethodId } from '../src/lib/credentials/keys.ts';
import { siteUrls } from '../src/lib/site-urls.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    'site-url': { type: 'string' },
    force: { type: 'boolean', default: false },
  },
});

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
    console.error(`Refusing to write the key inside the project (${file}): keep it outside, e.g. ~/.config/emblem/signing-key.json`);
    process.exit(1);
  }
  if (existsSync(file) && !values.force) {
    console.error(`${file} exists; pass --force to replace it (credentials signed with the old key then need EMBLEM_PREVIOUS_KEYS)`);
    process.exit(1);
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
  'Replacing an earlier key? Add the earlier PUBLIC key (z6Mk…) to EMBLEM_PREVIOUS_KEYS',
  '(comma separated) so credentials it signed keep verifying. Leave a leaked key out.',
  'Never commit the key or put it in public/: the build never copies it into the site.',
);
console.log(lines.join('\n'));
