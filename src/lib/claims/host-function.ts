/**
 * The claim endpoint as a host's serverless function: the shared handler
 * (handler.ts) configured from the host's environment, delivering each
 * accepted submission as a GitHub `repository_dispatch` (dispatch.ts). The
 * Cloudflare and Netlify entries (hosts/) are a few lines around this.
 *
 * Replays: the host's key-value store, when bound as CLAIMS_SEEN (Cloudflare
 * KV), remembers the choice last dispatched per award across instances;
 * without it each instance remembers its own. A replay that slips through
 * costs one workflow run and changes nothing: claims:apply counts a claim the
 * award already carries as "already applied", and the workflow commits only
 * a change.
 */
import type { Locale } from '../content/schema.ts';
import { setting, type SettingName } from '../settings.ts';
import { githubDispatcher } from './dispatch.ts';
import { claimHandler, memorySeenStore, type SeenStore } from './handler.ts';
import { MIN_SECRET_LENGTH } from './token.ts';

/** Cloudflare KV's get/put, the part used here. */
export interface KeyValueStore {
  get(key: string): Promise<string | null>;
  put(key: string, value: string): Promise<void>;
}

export type ClaimHostEnv = Partial<Record<SettingName, string>> & { CLAIMS_SEEN?: KeyValueStore };

export class ClaimHostConfigError extends Error {}

const REQUIRED = ['EMBLEM_CLAIM_SECRET', 'EMBLEM_CLAIM_REPOSITORY', 'EMBLEM_CLAIM_GITHUB_TOKEN'] as const;

function kvSeenStore(kv: KeyValueStore): SeenStore {
  return { get: (key) => kv.get(key), put: (key, value) => kv.put(key, value) };
}

/** Builds the handler from the host's environment; a missing or invalid variable throws, naming it. */
export function hostClaimHandler(env: ClaimHostEnv, fetchImpl?: typeof fetch) {
  for (const name of REQUIRED)
    if (!env[name]?.trim()) throw new ClaimHostConfigError(`The claim function needs ${name} (a secret of the host).`);
  const secret = env.EMBLEM_CLAIM_SECRET!;
  if (secret.length < MIN_SECRET_LENGTH)
    throw new ClaimHostConfigError(`EMBLEM_CLAIM_SECRET is shorter than ${MIN_SECRET_LENGTH} characters.`);
  const plain = env as Record<string, string | undefined>;
  const repository = setting('EMBLEM_CLAIM_REPOSITORY', plain)!;
  const siteUrl = setting('EMBLEM_SITE_URL', plain);
  const liveMinutes = setting('EMBLEM_CLAIM_LIVE_MINUTES', plain);
  // The confirmation page's language comes from the submission; English when it names none.
  const defaultLocale: Locale = 'en';
  return claimHandler({
    secret,
    defaultLocale,
    siteUrl,
    liveMinutes,
    seen: env.CLAIMS_SEEN ? kvSeenStore(env.CLAIMS_SEEN) : memorySeenStore(),
    deliver: githubDispatcher({
      repository,
      token: env.EMBLEM_CLAIM_GITHUB_TOKEN!,
      apiUrl: setting('EMBLEM_CLAIM_GITHUB_API', plain),
      fetch: fetchImpl,
    }),
    log: (line) => console.log(line),
  });
}

/** One handler per environment for the life of the instance: its rate limits and memory of replays last between requests. */
const handlers = new WeakMap<object, ReturnType<typeof hostClaimHandler>>();

export async function handleHostClaim(request: Request, env: ClaimHostEnv, clientAddress: string): Promise<Response> {
  let handle = handlers.get(env);
  if (!handle) {
    try {
      handle = hostClaimHandler(env);
    } catch (error) {
      // The operator reads this in the host's log; the earner gets no detail of the set-up.
      console.error((error as Error).message);
      return new Response('The claim endpoint is not configured.\n', {
        status: 503,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      });
    }
    handlers.set(env, handle);
  }
  return handle(request, clientAddress);
}
