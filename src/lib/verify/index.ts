/**
 * The verification core: one function used by the verify page (in the
 * browser), the CLI and the tests (in Node). Input → steps, each reported
 * as it finishes → outcome and a summary for the result card.
 *
 * It reads only this site's own files, through the injected fetch: the badge,
 * the site's DID document, its status list and OB 2.0 documents. Contexts are
 * bundled (credentials/document-loader.ts).
 */
import { resolveInput } from './input.ts';
import { checkInLog } from './log.ts';
import { registryFacts } from './registry.ts';
import { verifyOb2 } from './ob2.ts';
import { verifyOb3 } from './ob3.ts';
import { siteKeys } from './signature.ts';
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
  const summary =
    candidate.format === 'ob3'
      ? await verifyOb3(candidate.document, {
          site,
          fetch: options.fetch,
          keys: siteKeys(site, options.fetch),
          now,
          emit,
          statusLists: options.statusLists,
        })
      : await verifyOb2(candidate.document, candidate.fetchedFrom, { site, fetch: options.fetch, now, emit });
  const authentic = isAuthentic(steps);
  if (options.log && authentic && summary && candidate.format === 'ob3')
    summary.log = await checkInLog(candidate.document, site.urls.site, options.fetch);
  const registry =
    options.registry && authentic && candidate.format === 'ob3'
      ? await registryFacts(candidate.document, site, options.fetch)
      : undefined;
  return { outcome: outcomeOf(steps), authentic, steps, summary, ...(registry ? { registry } : {}) };
}
