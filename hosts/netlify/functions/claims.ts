/**
 * The claim endpoint as a Netlify Function (Functions API v2: a Fetch API
 * handler), served at `/claims`. Set the variables in the site's
 * environment, marked as secrets (docs/claims.md).
 */
import { type ClaimHostEnv, handleHostClaim } from '../../../src/lib/claims/host-function.ts';

declare const Netlify: { env: { toObject(): Record<string, string> } };

/** One environment object per instance: the handler (rate limits, replays) is kept for it. */
let env: ClaimHostEnv | undefined;

export default (request: Request, context: { ip?: string }): Promise<Response> => {
  env ??= Netlify.env.toObject() as ClaimHostEnv;
  return handleHostClaim(request, env, context.ip ?? 'unknown');
};

export const config = { path: '/claims' };
