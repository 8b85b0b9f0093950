/**
 * Run as a child process (NODE_EXTRA_CA_CERTS must be set when Node starts):
 *   node tests/helpers/verify-crosscheck.ts <siteUrl> <credential.json>...
 * Verifies each credential file with Emblem's core and with
 * @digitalcredentials/verifier-core, and prints one JSON line per file with
 * what each said about signature, revocation and expiry.
 */
import { readFileSync } from 'node:fs';
import { verifyBadge } from '../../src/lib/verify/index.ts';
import { refuseNonLoopbackFetch } from './offline-fetch.ts';

refuseNonLoopbackFetch();
const { verifyCredential } = await import('@digitalcredentials/verifier-core');

const [siteUrl, ...files] = process.argv.slice(2);
// verifier-core logs its (refused) schema downloads; results are the lines starting with {"file":.
console.error = () => {};
console.log = () => {};
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const core = await verifyBadge({ kind: 'text', text }, { siteUrl: siteUrl!, fetch });
  const passed = (id: string) => core.steps.find((s) => s.id === id)?.status === 'passed';
  const dcc = await verifyCredential({ credential: JSON.parse(text), knownDIDRegistries: [] });
  const logged = (id: string) => dcc.log?.find((entry) => entry.id === id)?.valid === true;
  const signatureError = dcc.errors?.some((e) => /signature/.test(e.name));
  process.stdout.write(
    JSON.stringify({
      file,
      core: {
        outcome: core.outcome,
        signature: passed('signature'),
        revocation: passed('status'),
        expiration: passed('validity'),
      },
      dcc: {
        signature: !signatureError && logged('valid_signature'),
        revocation: logged('revocation_status'),
        expiration: logged('expiration'),
        errors: dcc.errors?.map((e) => e.name) ?? [],
      },
    }) + '\n',
  );
}
