// jsonld-signatures ships no type declarations; this describes only what the verifier uses.
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
