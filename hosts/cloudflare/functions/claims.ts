/**
 * The claim endpoint as a Cloudflare Pages Function, served at `/claims` of
 * the Pages site: copy this folder's `functions/` next to the deployed
 * output (docs/claims.md), then set `claims.endpoint` to `<site>/claims`.
 */
import { type ClaimHostEnv, handleHostClaim } from '../../../src/lib/claims/host-function.ts';

export const onRequest = (context: { request: Request; env: ClaimHostEnv }): Promise<Response> =>
  handleHostClaim(context.request, context.env, context.request.headers.get('cf-connecting-ip') ?? 'unknown');
