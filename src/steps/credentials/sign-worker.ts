/**
 * Worker thread for the credentials step: signs credentials, and checks
 * cached proofs before they are reused (RDF canonicalization is the slow part
 * of both; threads use every core). Gets the key and the DID document once;
 * each task is a batch, answered in order. The proof cache stays with the
 * build process.
 */
import { workerData } from 'node:worker_threads';
import { createDocumentLoader } from '../../lib/credentials/document-loader.ts';
import type { SigningKey } from '../../lib/credentials/keys.ts';
import type { JsonObject } from '../../lib/credentials/ob2.ts';
import { type CachedProof, createCredentialSigner, type ProofCacheEntry } from '../../lib/credentials/ob3.ts';
import { serveTasks } from '../infrastructure/worker-pool.ts';

export interface SignWorkerSetup {
  key: SigningKey;
  did: string;
  didDocument: Record<string, unknown>;
  /** Proof creation time (ISO 8601): the build moment. */
  created: string;
}

/** Unsigned credentials to sign (answered with their proof cache entries), or cached entries to check (answered true/false). */
export type SignTask = { sign: JsonObject[] } | { check: CachedProof[] };

const { key, did, didDocument, created } = workerData as SignWorkerSetup;
const signer = await createCredentialSigner({
  key,
  did,
  now: () => new Date(created),
  documentLoader: createDocumentLoader({ resolveDid: async () => didDocument }),
});

serveTasks<SignTask, ProofCacheEntry[] | boolean[]>(async (task) => {
  if ('check' in task) {
    const answers: boolean[] = [];
    for (const cached of task.check) answers.push(await signer.checkEntry(cached));
    return answers;
  }
  const entries: ProofCacheEntry[] = [];
  for (const unsigned of task.sign) entries.push(await signer.createEntry(unsigned));
  return entries;
});
