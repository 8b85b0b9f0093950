/**
 * The verifier, run off the page's main thread: JSON-LD expansion, RDF
 * canonicalization and Ed25519 take hundreds of milliseconds on a phone, and
 * in a worker they never block taps or scrolling (total blocking time) while
 * the page shows each step as it arrives. The page posts one request; the
 * worker posts each step, then the result with its dates written for the page.
 */
// Static imports: the worker's chunk names them all, so the browser fetches them at once, side by side.
import { formatDate } from '../lib/i18n.ts';
import { verifyBadge } from '../lib/verify/index.ts';
import type { Locale } from '../lib/content/schema.ts';
import type { Step, VerifyInput, VerifyOptions, VerifyResult } from '../lib/verify/types.ts';

export interface VerifyRequest {
  input: VerifyInput;
  locale: Locale;
  options: Pick<VerifyOptions, 'siteUrl' | 'siteIssuerName' | 'log' | 'registry'>;
}

export type VerifyMessage =
  | { type: 'step'; step: Step }
  | { type: 'done'; result: VerifyResult; dates: Record<string, string> }
  | { type: 'failed'; error: string };

const post = (message: VerifyMessage) => postMessage(message);

/** An address of an award page or of an OB 3.0 credential (not an OB 2.0 assertion, sitePaths.ob2Assertion). */
const likelyOb3 = (input: VerifyInput) => input.kind === 'url' && /(\/|\/credential\.json)([?#].*)?$/.test(input.url);

addEventListener('message', async (event: MessageEvent<VerifyRequest>) => {
  const { input, locale, options } = event.data;
  // The OB 3.0 checks (JSON-LD, Ed25519: the biggest chunk) start loading while the document is fetched,
  // when the address says which it will be; the verifier imports the same modules again, from cache.
  if (likelyOb3(input))
    void Promise.all([import('../lib/verify/ob3.ts'), import('../lib/verify/signature.ts')]).catch(() => {});
  try {
    const result = await verifyBadge(input, {
      ...options,
      fetch: (url, init) => fetch(url, init),
      onStep: (step) => post({ type: 'step', step }),
    });
    const dates: Record<string, string> = {};
    for (const value of [result.summary?.issuedOn, result.summary?.expires])
      if (value) dates[value] = formatDate(locale, value);
    post({ type: 'done', result, dates });
  } catch (failure) {
    post({ type: 'failed', error: failure instanceof Error ? (failure.stack ?? failure.message) : String(failure) });
  }
});
