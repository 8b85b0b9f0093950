/**
 * verifier-core (tests/helpers/verifier-core-child.ts) on credentials, in a
 * child process that trusts the test certificate: NODE_EXTRA_CA_CERTS is read
 * only when a process starts. Asynchronous, so that an HTTPS server in the
 * test's own process can answer the verifier.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from './site-build.ts';

export type VerifierResult = { errors?: { name: string; message: string }[]; log?: { id: string; valid?: boolean }[] };

const resultsDir = mkdtempSync(path.join(tmpdir(), 'emblem-verifier-core-'));
let runs = 0;

/** certFile: a test certificate to trust (none when every key and list is offline, e.g. did:key);
 * documents: URL → JSON answered without the network (a context no package bundles, or an offline
 * bundle's DID document and status list); clock: the moment the verifier takes for now. */
export async function verifyWithVerifierCore(
  credentials: object[],
  certFile?: string,
  documents?: Record<string, unknown>,
  clock?: string,
): Promise<VerifierResult[]> {
  const out = path.join(resultsDir, `results-${process.pid}-${runs++}.json`);
  const offline = documents ? path.join(resultsDir, `documents-${process.pid}-${runs}.json`) : undefined;
  if (offline) writeFileSync(offline, JSON.stringify(documents));
  const child = spawn(process.execPath, [path.join(projectRoot, 'tests/helpers/verifier-core-child.ts'), out], {
    env: {
      ...process.env,
      ...(certFile ? { NODE_EXTRA_CA_CERTS: certFile } : {}),
      ...(offline ? { EMBLEM_OFFLINE_DOCUMENTS: offline } : {}),
      ...(clock ? { EMBLEM_TEST_CLOCK: clock } : {}),
    },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  child.stdin.end(JSON.stringify(credentials));
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 0, `verifier child failed: ${stderr}`);
  return JSON.parse(readFileSync(out, 'utf8')) as VerifierResult[];
}

/** Whether verifier-core's log marks the named check (e.g. "revocation_status") valid. */
export const verifierStep = (result: VerifierResult, name: string) => result.log?.find((s) => s.id === name)?.valid;

export function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}
