/**
 * The claim endpoint as a Cloudflare Worker (wrangler.toml beside this file):
 * every request goes to the shared claim handler. Secrets: `wrangler secret
 * put EMBLEM_CLAIM_SECRET` and `EMBLEM_CLAIM_GITHUB_TOKEN` (docs/claims.md).
 */
import { type ClaimHostEnv, handleHostClaim } from '../../src/lib/claims/host-function.ts';

export default {
  fetch(request: Request, env: ClaimHostEnv): Promise<Response> {
    return handleHostClaim(request, env, request.headers.get('cf-connecting-ip') ?? 'unknown');
  },
};
