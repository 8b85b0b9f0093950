/**
 * The verification core: one function used by the verify page (in the
 * browser), the CLI and the tests (in Node). Input → steps, each reported
 * as it finishes → outcome and a summary for the result card.
 *
 * It reads only this site's own files, through the injected fetch: the badge,
 * the site's DID document, its status list and OB 2.0 documents. Contexts are
 * bundled (credentials/document-loader.ts).
 *
 * Each format's checks are imported when a document of that format arrives:
 * a bundler splits them into chunks, so the verify page loads no JSON-LD,
 * canonicalization or Ed25519 code for an OB 2.0 assertion (hosted copies
 * only), and the log and registry readers only for an authentic OB 3.0 badge.
 */
import { resolveInput } from './input.ts';
import { verifierSite } from './site.ts';
import { isAuthentic, outcomeOf, type Step, type VerifyInput, type VerifyOptions, type VerifyResult } from './types.ts';

export type * from './types.ts';
export { verifierSite } from './site.ts';

export async function verifyBadge(input: VerifyInput, options: VerifyOptions): Promise<VerifyResult> {
  const site = { ...verifierSite(options.siteUrl), issuerName: options.siteIssuerName };
  const now = options.now ?? new Date();
  const steps: Step[] = [];
  const emit = (s: Step) => {
    steps.push(s);
    options.onStep?.(s);
  };
  const resolved = await resolveInput(input, site, options.fetch);
  if ('failure' in resolved) {
    emit(resolved.failure);
    return { outcome: 'not-verified', authentic: false, steps };
  }
  const { candidate } = resolved;
  // The OB 3.0 extras (log entry, registry facts) read other files of the site: they start with the checks, not
  // after them, and count only if the credential proves authentic (settled now so an unused failure is not unhandled).
  const ob3Extra = <T>(wanted: boolean | undefined, read: () => Promise<T>) =>
    wanted && candidate.format === 'ob3' ? settled(read()) : undefined;
  const logRead = ob3Extra(options.log, () =>
    import('./log.ts').then(({ checkInLog }) => checkInLog(candidate.document, site.urls.site, options.fetch)),
  );
  const registryRead = ob3Extra(options.registry, () =>
    import('./registry.ts').then(({ registryFacts }) => registryFacts(candidate.document, site, options.fetch)),
  );
  let summary: VerifyResult['summary'];
  if (candidate.format === 'ob3') {
    const [{ verifyOb3 }, { siteKeys }] = await Promise.all([import('./ob3.ts'), import('./signature.ts')]);
    summary = await verifyOb3(candidate.document, {
      site,
      fetch: options.fetch,
      keys: siteKeys(site, options.fetch),
      now,
      emit,
      statusLists: options.statusLists,
    });
  } else {
    const { verifyOb2 } = await import('./ob2.ts');
    summary = await verifyOb2(candidate.document, candidate.fetchedFrom, { site, fetch: options.fetch, now, emit });
  }
  const authentic = isAuthentic(steps);
  const [log, registry] = authentic ? await Promise.all([unwrap(logRead), unwrap(registryRead)]) : [];
  if (log && summary) summary.log = log;
  return { outcome: outcomeOf(steps), authentic, steps, summary, ...(registry ? { registry } : {}) };
}

type Settled<T> = { value: T } | { error: unknown };
const settled = <T>(promise: Promise<T>): Promise<Settled<T>> =>
  promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
async function unwrap<T>(read: Promise<Settled<T>> | undefined): Promise<T | undefined> {
  if (!read) return undefined;
  const result = await read;
  if ('error' in result) throw result.error;
  return result.value;
}
