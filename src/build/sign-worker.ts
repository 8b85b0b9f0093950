/**
 * Worker thread that signs credentials for the credentials step (RDF
 * canonicalization is the slow part of signing; threads use every core).
 * Gets the key and the DID document once; each task is a batch of unsigned
 * credentials, answered with their proofs. The proof cache stays with the
 * build process.
 */
import { workerData } from 'node:worker_threads';
import { createDocumentLoader } from '../lib/credentials/document-loader.ts';
import type { SigningKey } from '../lib/credentials/keys.ts';
import type { JsonObject } from '../lib/credentials/ob2.ts';
import { createCredentialSigner } from '../lib/credentials/ob3.ts';
import { serveTasks } from './worker-pool.ts';

export interface SignWorkerSetup {
  key: SigningKey;
  did: string;
  didDocument: Record<string, unknown>;
}

const { key, did, didDocument } = workerData as SignWorkerSetup;
const signer = await createCredentialSigner({
  key,
  did,
  documentLoader: createDocumentLoader({ resolveDid: async () => didDocument }),
});

serveTasks<JsonObject[], JsonObject[]>(async (batch) => {
  const proofs: JsonObject[] = [];
  for (const unsigned of batch) proofs.push((await signer.sign(unsigned)).proof as JsonObject);
  return proofs;
});
