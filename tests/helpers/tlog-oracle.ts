/**
 * The Go oracle of the issuance log (tests/tlog-oracle): built once per test
 * process with Debian's golang-go and golang-golang-x-mod-dev, offline
 * (GOPATH mode over /usr/share/gocode, where the Debian package puts
 * golang.org/x/mod). Undefined when Go or the package is missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SOURCE = path.resolve(import.meta.dirname, '../tlog-oracle');
const GOPATH = '/usr/share/gocode';

let built: string | undefined | null = null;

/** Why the oracle cannot run here, or undefined when it can. */
export function oracleMissing(): string | undefined {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
  } catch {
    return 'Go is not installed (apt-get install golang-go golang-golang-x-mod-dev)';
  }
  if (!existsSync(path.join(GOPATH, 'src/golang.org/x/mod/sumdb/tlog')))
    return 'golang.org/x/mod is not installed (apt-get install golang-golang-x-mod-dev)';
  return undefined;
}

function oracleBinary(): string {
  if (built) return built;
  const folder = mkdtempSync(path.join(os.tmpdir(), 'emblem-tlog-oracle-'));
  const binary = path.join(folder, 'tlog-oracle');
  execFileSync('go', ['build', '-o', binary, '.'], {
    cwd: SOURCE,
    env: { ...process.env, GO111MODULE: 'off', GOPATH, GOFLAGS: '', GOCACHE: path.join(folder, 'cache') },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return (built = binary);
}

export interface OracleResult {
  ok: boolean;
  /** The JSON summary when ok. */
  summary?: {
    origin: string;
    size: number;
    root: string;
    entries: number;
    inclusionChecked: number;
    consistentWith?: number;
    tsInclusionChecked: number;
    tsConsistencyChecked: boolean;
  };
  /** The oracle's reason when not. */
  error?: string;
}

export function runOracle(
  dir: string,
  vkey: string,
  options: { old?: string; proofs?: string; every?: number } = {},
): OracleResult {
  const args = ['-dir', dir, '-vkey', vkey];
  if (options.old) args.push('-old', options.old);
  if (options.proofs) args.push('-proofs', options.proofs);
  if (options.every) args.push('-every', String(options.every));
  try {
    return {
      ok: true,
      summary: JSON.parse(execFileSync(oracleBinary(), args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })),
    };
  } catch (error) {
    const stderr = (error as { stderr?: Buffer | string }).stderr;
    if (stderr === undefined) throw error;
    return { ok: false, error: String(stderr).trim() };
  }
}
