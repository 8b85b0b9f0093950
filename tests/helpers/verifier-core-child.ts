/**
 * Runs @digitalcredentials/verifier-core (the verifier behind VerifierPlus and
 * the Learner Credential Wallet) on credentials, in a child process so that
 * NODE_EXTRA_CA_CERTS (read only at start-up) can trust a test certificate.
 *
 * stdin: JSON array of credentials. Writes a JSON array of verifier results
 * to the file named by the first argument (the verifier prints to stdout).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { refuseNonLoopbackFetch } from './offline-fetch.ts';

// EMBLEM_OFFLINE_DOCUMENTS: a JSON file of URL → document answered without the network.
const offline = process.env.EMBLEM_OFFLINE_DOCUMENTS;
refuseNonLoopbackFetch(offline ? (JSON.parse(readFileSync(offline, 'utf8')) as Record<string, unknown>) : {});
// EMBLEM_TEST_CLOCK: the moment taken for now (verifier-core has no clock option): Date without arguments, and Date.now.
const clock = process.env.EMBLEM_TEST_CLOCK;
if (clock) {
  const fixed = Date.parse(clock);
  const RealDate = Date;
  globalThis.Date = class extends RealDate {
    constructor(...args: ConstructorParameters<typeof Date>) {
      super(...((args.length ? args : [fixed]) as [number]));
    }
    static override now() {
      return fixed;
    }
  } as DateConstructor;
}
const { verifyCredential } = await import('@digitalcredentials/verifier-core');

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const credentials = JSON.parse(Buffer.concat(chunks).toString('utf8')) as object[];
const results = [];
for (const credential of credentials) {
  const result = await verifyCredential({ credential, knownDIDRegistries: [] });
  // Drop echoed credential and stack traces: the parent only needs the verdicts.
  const { credential: _echo, ...rest } = result;
  results.push(JSON.parse(JSON.stringify(rest, (key, value) => (key === 'stackTrace' ? undefined : value))));
}
writeFileSync(process.argv[2]!, JSON.stringify(results));
