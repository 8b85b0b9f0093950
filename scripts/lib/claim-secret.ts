/**
 * Where the claim secret comes from (the key of the claim tokens).
 *
 *   EMBLEM_CLAIM_SECRET   the secret itself (at least 32 characters), kept
 *                         outside the repository like the signing key
 *   development           .emblem/keys/dev-claim-secret (git-ignored), created
 *                         on first use; links made with it are for testing only
 *
 * With EMBLEM_MODE=production there is no fallback: no secret, no command.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MIN_SECRET_LENGTH } from '../../src/lib/claims/token.ts';
import { setting } from '../../src/lib/settings.ts';

export const DEV_CLAIM_SECRET_FILE = '.emblem/keys/dev-claim-secret';

export class ClaimSecretError extends Error {}

export function loadClaimSecret(
  options: { env?: NodeJS.ProcessEnv; projectRoot?: string; warn?: (message: string) => void } = {},
): string {
  const { env = process.env, projectRoot = process.cwd(), warn = console.warn } = options;
  const given = setting('EMBLEM_CLAIM_SECRET', env)?.trim();
  if (given) {
    if (given.length < MIN_SECRET_LENGTH)
      throw new ClaimSecretError(
        `EMBLEM_CLAIM_SECRET is too short (${given.length} characters; at least ${MIN_SECRET_LENGTH})`,
      );
    return given;
  }
  if (setting('EMBLEM_MODE', env) === 'production') {
    throw new ClaimSecretError(
      'EMBLEM_CLAIM_SECRET is not set. In production the claim secret must come from the environment (e.g. `openssl rand -base64 48`), never from the project.',
    );
  }
  const file = path.join(projectRoot, DEV_CLAIM_SECRET_FILE);
  warn(
    `⚠ DEVELOPMENT CLAIM SECRET (${DEV_CLAIM_SECRET_FILE}): claim links made with it are for testing only. Set EMBLEM_CLAIM_SECRET for real ones.`,
  );
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // Created atomically: parallel commands must agree on one secret.
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, randomBytes(32).toString('base64url') + '\n', { mode: 0o600 });
  try {
    linkSync(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temp, { force: true });
  }
  return readFileSync(file, 'utf8').trim();
}
