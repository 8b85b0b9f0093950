/**
 * What counts as private in a published file, found in its text: email-like
 * and UUID-like tokens (the privacy check compares them with this build's
 * recipients and withheld awards), and this build's secrets in every form
 * they can take in a file. A leaf module: the output scan, the credential
 * step and the privacy check all read it, and it reads none of them.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SECRET_FILE_SETTINGS, SECRET_SETTINGS, SETTINGS } from '../../lib/settings.ts';

// Characters around "@" that can belong to an email address (linear scan: a
// regular expression over whole pages backtracks on long runs of word characters).
const LOCAL_PART = /[A-Za-z0-9._%+-]/;
const DOMAIN = /[A-Za-z0-9.-]/;

/** Every email-like token in the text, lower-cased. */
export function emailsIn(text: string): string[] {
  const found: string[] = [];
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && LOCAL_PART.test(text[start - 1]!)) start--;
    let end = at + 1;
    while (end < text.length && DOMAIN.test(text[end]!)) end++;
    while (end > at + 1 && text[end - 1] === '.') end--;
    if (start < at && end > at + 1) found.push(text.slice(start, end).toLowerCase());
  }
  return found;
}

/** Every UUID-shaped token in the text, lower-cased (found from its hyphens, in linear time). */
export function uuidsIn(text: string): string[] {
  const found: string[] = [];
  const hex = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
  for (let dash = text.indexOf('-'); dash !== -1; dash = text.indexOf('-', dash + 1)) {
    if (dash < 8 || text[dash + 5] !== '-' || text[dash + 10] !== '-' || text[dash + 15] !== '-') continue;
    const candidate = text.slice(dash - 8, dash + 28);
    if (hex.test(candidate)) found.push(candidate.toLowerCase());
  }
  return found;
}

/** A secret the output must not contain: the value, and what to call it in a message (never the value). */
export interface Secret {
  value: string;
  name: string;
}

/**
 * Which `EMBLEM_*` values are secrets: the settings table says so for every
 * setting (settings.ts); a name it does not know (a setting added by hand, a
 * typo) is treated as secret when it looks like one.
 */
const LOOKS_SECRET = /KEY|SECRET|TOKEN|PASSWORD|PASSWD|SMTP|CREDENTIAL/;
const isSecretSetting = (name: string) =>
  name in SETTINGS ? SECRET_SETTINGS.has(name) : LOOKS_SECRET.test(name.slice('EMBLEM_'.length));
/** Shorter values ("1", "true") would match everywhere; a real secret is longer. */
const MIN_SECRET_LENGTH = 8;

function keyMaterial(text: string, name: string): Secret[] {
  const secrets: Secret[] = [{ value: text.trim(), name }];
  try {
    const data = JSON.parse(text) as { secretKeyMultibase?: unknown };
    if (typeof data?.secretKeyMultibase === 'string')
      secrets.push({ value: data.secretKeyMultibase, name: `the secret key (secretKeyMultibase) of ${name}` });
  } catch {
    // Not JSON: the whole text is still guarded.
  }
  return secrets;
}

/**
 * The secrets this build knows: secret `EMBLEM_*` values (the signing key's
 * secret half apart too), the content of the key files settings name, and the
 * development key file.
 */
export function secretsToGuard(
  env: NodeJS.ProcessEnv = process.env,
  projectRoot = process.cwd(),
  devKeyFile = '.emblem/keys/dev-signing-key.json',
): Secret[] {
  const secrets: Secret[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('EMBLEM_') || !value || !isSecretSetting(name)) continue;
    secrets.push(
      ...(name === 'EMBLEM_SIGNING_KEY'
        ? keyMaterial(value, name)
        : [{ value: value.trim(), name: `the value of ${name}` }]),
    );
  }
  // Files whose content is a secret: the key files settings name, and the development signing key.
  const named = [...SECRET_FILE_SETTINGS].map((name) => env[name]);
  const keyFiles = [...named, devKeyFile].filter((f): f is string => !!f).map((f) => path.resolve(projectRoot, f));
  for (const file of keyFiles) {
    if (!existsSync(file)) continue;
    try {
      secrets.push(
        ...keyMaterial(readFileSync(file, 'utf8'), `the key file ${path.relative(projectRoot, file) || file}`),
      );
    } catch {
      // Unreadable here means unreadable for the build too: nothing of it can be in the output.
    }
  }
  const unique = new Map<string, Secret>();
  for (const secret of secrets)
    if (secret.value.length >= MIN_SECRET_LENGTH && !unique.has(secret.value)) unique.set(secret.value, secret);
  return [...unique.values()];
}

/** The forms a secret can take in a published file: as is, inside a JSON string, HTML-escaped. */
export function secretForms(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1);
  const html = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return [...new Set([value, json, html, html.replace(/&quot;/g, '&#34;'), encodeURIComponent(value)])];
}
