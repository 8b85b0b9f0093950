/**
 * Where the signing key comes from at build time.
 *
 *   production   EMBLEM_SIGNING_KEY (the key JSON) or EMBLEM_SIGNING_KEY_FILE
 *                (a file outside the project); no key, no build.
 *   development  .emblem/keys/dev-signing-key.json (git-ignored), created on
 *                first use; credentials signed with it are for testing only.
 *
 * EMBLEM_PREVIOUS_KEYS lists earlier public keys (z6Mk…, comma or space
 * separated) so credentials signed before a rotation keep verifying. The key
 * history (content/keys.yaml, `npm run keys`) does the same with each key's
 * window and marks leaked keys; a production build signs only with its active key.
 */
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setting } from '../../lib/settings.ts';
import { type CacheSeal, cacheSealFrom } from '../infrastructure/cache-entry.ts';
import { generateSigningKey, parsePreviousKeys, parseSigningKey, type SigningKey } from '../../lib/credentials/keys.ts';
import { activeKey, type KeyHistory, parseKeyHistory } from '../../lib/credentials/key-history.ts';
import { contentDirSetting } from '../../lib/build-settings.ts';

export const DEV_KEY_FILE = '.emblem/keys/dev-signing-key.json';
/** The key history, in the content folder (public: public keys and dates only). */
export const KEY_HISTORY_FILE = 'keys.yaml';

/** The content folder's key history, or an empty one when the site has none. */
export function readKeyHistory(contentDir: string): KeyHistory {
  const file = path.join(contentDir, KEY_HISTORY_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { keys: [] };
    throw error;
  }
  return parseKeyHistory(text, file);
}

/** Why this key may not sign in this mode, given the history (one sentence naming the file and the key), or undefined. */
export function keyHistoryRefusal(history: KeyHistory, publicKey: string, file: string): string | undefined {
  if (history.keys.length === 0) return undefined;
  const record = history.keys.find((k) => k.publicKeyMultibase === publicKey);
  const active = activeKey(history);
  if (!record)
    return `${file}: the signing key ${publicKey} is not in the key history${active ? ` (its active key is ${active.publicKeyMultibase})` : ''}; add it with npm run keys -- rotate --key ${publicKey} --write`;
  if (record.compromisedFrom)
    return `${file}: the signing key ${publicKey} is marked compromised from ${record.compromisedFrom}; sign with a new key (npm run keygen, then npm run keys -- rotate)`;
  if (record.retiredOn)
    return `${file}: the signing key ${publicKey} was retired on ${record.retiredOn}${active ? `; the active key is ${active.publicKeyMultibase}` : ''}`;
  return undefined;
}

export interface LoadedKey {
  key: SigningKey;
  previous: string[];
  /** content/keys.yaml (empty when the site has none), and that file as messages name it. */
  history: KeyHistory;
  historyFile: string;
  /** Where it came from, for the build log (never the key itself). */
  source: string;
  development: boolean;
}

export async function loadSigningKey(options: {
  mode: 'production' | 'development';
  env?: NodeJS.ProcessEnv;
  projectRoot?: string;
  warn?: (message: string) => void;
}): Promise<LoadedKey> {
  const { mode, env = process.env, projectRoot = process.cwd(), warn = console.warn } = options;
  const contentDir = contentDirSetting(env, projectRoot);
  const history = readKeyHistory(contentDir);
  const loaded = await loadKey(mode, env, projectRoot, warn);
  const file = path.join(contentDir, KEY_HISTORY_FILE);
  const historyFile = isInside(file, projectRoot) ? path.relative(projectRoot, file) : file;
  const refusal = keyHistoryRefusal(history, loaded.key.publicKeyMultibase, historyFile);
  // A development key is never in the history: its did.json lists it first, then the history's keys.
  if (refusal && mode === 'production') throw new Error(refusal);
  return { ...loaded, history, historyFile };
}

async function loadKey(
  mode: 'production' | 'development',
  env: NodeJS.ProcessEnv,
  projectRoot: string,
  warn: (message: string) => void,
): Promise<Omit<LoadedKey, 'history' | 'historyFile'>> {
  const previous = parsePreviousKeys(setting('EMBLEM_PREVIOUS_KEYS', env));
  const keyJson = setting('EMBLEM_SIGNING_KEY', env);
  if (keyJson)
    return {
      key: await parseSigningKey(keyJson, 'EMBLEM_SIGNING_KEY'),
      previous,
      source: 'EMBLEM_SIGNING_KEY',
      development: false,
    };
  const keyFile = setting('EMBLEM_SIGNING_KEY_FILE', env);
  if (keyFile) {
    const file = path.resolve(projectRoot, keyFile);
    if (mode === 'production' && isInside(file, projectRoot)) {
      throw new Error(
        `EMBLEM_SIGNING_KEY_FILE (${file}) is inside the project; keep the production key outside it so it can never be committed or published`,
      );
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new Error(`EMBLEM_SIGNING_KEY_FILE: cannot read ${file}`);
    }
    return { key: await parseSigningKey(text, file), previous, source: file, development: false };
  }
  if (mode === 'production') {
    throw new Error(
      'Production build without a signing key: set EMBLEM_SIGNING_KEY (the key JSON) or EMBLEM_SIGNING_KEY_FILE (a file outside the project). Create one with `npm run keygen`.',
    );
  }
  const file = path.join(projectRoot, DEV_KEY_FILE);
  const key = await readOrCreateDevKey(file);
  warn(
    `\n  ⚠ DEVELOPMENT SIGNING KEY (${DEV_KEY_FILE}).\n` +
      `  Credentials from this build are signed with a local test key: do not publish them.\n` +
      `  For a real site run \`npm run keygen\` and build with EMBLEM_MODE=production.\n`,
  );
  return { key, previous, source: DEV_KEY_FILE, development: true };
}

const loadedFor = new WeakMap<object, Promise<LoadedKey>>();

/** The signing key of one build, loaded once (each step that needs it asks here, so the development key's warning is said once). */
export function buildSigningKey(build: {
  mode: 'production' | 'development';
  log: (message: string) => void;
}): Promise<LoadedKey> {
  let loaded = loadedFor.get(build);
  if (!loaded) loadedFor.set(build, (loaded = loadSigningKey({ mode: build.mode, warn: build.log })));
  return loaded;
}

/**
 * The seal of one build's cache entries and records (cache-entry.ts): derived from EMBLEM_CACHE_KEY when set,
 * else from the signing key. A secret of its own survives a key rotation, so cached award pages and cards stay
 * good; with the signing key a rotation voids the whole cache once (a cold build). Credential files and proofs
 * are keyed by the signing key either way: a new key signs every credential again.
 */
export async function buildCacheSeal(
  build: { mode: 'production' | 'development'; log: (message: string) => void },
  env: NodeJS.ProcessEnv = process.env,
): Promise<CacheSeal> {
  const cacheKey = setting('EMBLEM_CACHE_KEY', env);
  return cacheSealFrom(cacheKey ? `cache-key:${cacheKey}` : (await buildSigningKey(build)).key.secretKeyMultibase);
}

/**
 * Fails at once when a production build has no usable key (missing, unreadable,
 * inside the project, or not a valid key pair), before any page is built.
 * Development builds always have one (the local test key).
 */
export async function checkProductionKey(
  mode: 'production' | 'development',
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  if (mode === 'production') await loadSigningKey({ mode, env });
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Creates the key atomically (parallel builds must agree on one key). */
async function readOrCreateDevKey(file: string): Promise<SigningKey> {
  try {
    return await parseSigningKey(readFileSync(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(await generateSigningKey(), null, 2) + '\n', { mode: 0o600 });
  try {
    linkSync(temp, file); // fails if another build created it first: then use theirs
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temp, { force: true });
  }
  return parseSigningKey(readFileSync(file, 'utf8'), file);
}
