/**
 * The claim endpoint's rules, once: a Fetch API handler (`Request` →
 * `Response`, no Node APIs) shared by the reference `claim-inbox` (Node) and
 * the host functions (Cloudflare Workers/Pages Functions on workerd). What
 * happens to an accepted submission is the host's: the inbox appends it to a
 * file, a function sends it to GitHub as a `repository_dispatch`.
 *
 *   POST  form (application/x-www-form-urlencoded) or JSON → 200 confirmation page;
 *         bad fields 400, bad token 403 (also a claim token used to manage, or
 *         the other way round), unknown or revoked award 404, already claimed 409
 *         (a manage request for an award not claimed yet: 409 too),
 *         replay of the choice last received for the award 409 ("already
 *         received", not delivered again), body over the limit 413, other type
 *         415, too many requests 429 (per client address, and per award for
 *         submissions with a valid token), delivery failed 502
 *   OPTIONS  204 (CORS preflight, for programs that post with fetch)
 *   other    405
 */
import { t } from '../i18n.ts';
import { escapeHtml } from '../html.ts';
import type { Locale } from '../content/schema.ts';
import { rateLimiter, type RateDecision, type RateLimitOptions } from './rate-limit.ts';
import { checkSubmission, parseSubmission, type ClaimableAward, type ClaimSubmission } from './submission.ts';

/**
 * What was received last per award and purpose: the replay check. The inbox
 * keeps it in memory (seeded from its file); a function uses the host's
 * key-value store when it has one, else memory of the running instance.
 */
export interface SeenStore {
  get(key: string): Promise<string | null | undefined> | string | null | undefined;
  put(key: string, value: string): Promise<void> | void;
}

export function memorySeenStore(seed?: Iterable<[string, string]>): SeenStore & { readonly size: number } {
  const map = new Map(seed);
  return {
    get: (key) => map.get(key),
    put: (key, value) => void map.set(key, value),
    get size() {
      return map.size;
    },
  };
}

/** The replay key of a submission: claims and manage requests of one award are remembered apart. */
export function seenKey(submission: Pick<ClaimSubmission, 'award' | 'purpose' | 'choice'>): string {
  const kind = submission.choice === 'name' ? 'name' : submission.purpose === 'manage' ? 'manage' : 'claim';
  return `${kind}:${submission.award.toLowerCase()}`;
}

/** What the replay check compares: the choice, or the name asked for. */
function seenValue(submission: ClaimSubmission): string {
  return submission.choice === 'name' ? `name:${submission.name ?? ''}` : submission.choice;
}

export interface ClaimHandlerOptions {
  secret: string;
  defaultLocale: Locale;
  /** Passes an accepted submission on (append to a file, dispatch to GitHub…); a throw answers 502. */
  deliver: (submission: ClaimSubmission & { receivedAt: string }) => Promise<void> | void;
  seen?: SeenStore;
  /** The awards, where the host has them (the inbox): unknown, revoked and claimed awards are refused at once.
   * Functions have none: the token proves the link, and claims:apply checks the award's state. */
  awards?: ReadonlyMap<string, ClaimableAward>;
  /** Link back to the site on the confirmation page. */
  siteUrl?: string;
  /** Minutes until the badge is live, said on the confirmation page (the host function's publish path). */
  liveMinutes?: number;
  /** Origin allowed by CORS (default "*": the token, not the origin, is the check). */
  allowOrigin?: string;
  maxBytes?: number;
  limits?: { perAddress?: RateLimitOptions; perAward?: RateLimitOptions };
  log?: (line: string) => void;
  /** The clock, in ms (tests). */
  now?: () => number;
}

export const DEFAULT_MAX_BYTES = 4096;

/** A school or exam centre may claim many badges from one address; an earner needs one or two tries per award. */
export const DEFAULT_LIMITS = {
  perAddress: { limit: 60, windowMs: 10 * 60_000 },
  perAward: { limit: 10, windowMs: 60 * 60_000 },
} as const satisfies Record<string, RateLimitOptions>;

class HttpError extends Error {
  readonly status: number;
  readonly retryAfterMs?: number;
  constructor(status: number, message: string, retryAfterMs?: number) {
    super(message);
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
}

const PROBLEM_STATUS = {
  'bad-token': 403,
  'unknown-award': 404,
  'not-claimable': 404,
  'already-claimed': 409,
  'not-claimed': 409,
  malformed: 400,
} as const;

type Result = 'accepted' | 'already' | 'refused' | 'too-many';
const PAGE_TEXT = {
  accepted: ['claim.inbox.accepted', 'claim.inbox.acceptedBody'],
  already: ['claim.inbox.already', 'claim.inbox.alreadyBody'],
  refused: ['claim.inbox.refused', 'claim.inbox.refusedBody'],
  'too-many': ['claim.inbox.tooMany', 'claim.inbox.tooManyBody'],
} as const;

function page(
  locale: Locale,
  result: Result,
  options: Pick<ClaimHandlerOptions, 'siteUrl' | 'liveMinutes'>,
  choice?: string,
): string {
  const [titleKey, bodyKey] = PAGE_TEXT[result];
  const title = t(locale, titleKey);
  let next =
    result === 'accepted' && (choice === 'public' || choice === 'private' || choice === 'name')
      ? `<p>${escapeHtml(t(locale, `claim.inbox.next.${choice}`))}</p>`
      : '';
  if (next && choice !== 'name' && options.liveMinutes)
    next += `<p data-claim-live>${escapeHtml(t(locale, 'claim.live.minutes', { minutes: options.liveMinutes }))}</p>`;
  const back = options.siteUrl
    ? `<p><a href="${escapeHtml(options.siteUrl)}">${escapeHtml(t(locale, 'claim.inbox.back'))}</a></p>`
    : '';
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body><main><h1 data-claim-result="${result}">${escapeHtml(title)}</h1><p>${escapeHtml(t(locale, bodyKey))}</p>${next}${back}</main></body></html>`;
}

/** Reads the body, refusing more than `maxBytes` without reading it all (declared or streamed). */
async function readBody(request: Request, maxBytes: number): Promise<string> {
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) throw new HttpError(413, 'body too large');
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new HttpError(413, 'body too large');
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

function fieldsOf(body: string, contentType: string): Record<string, unknown> {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(body));
  if (type === 'application/json') {
    try {
      const value = JSON.parse(body) as unknown;
      if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {}
    throw new HttpError(400, 'invalid JSON');
  }
  throw new HttpError(415, `unsupported content type ${type || '(none)'}`);
}

function limit(decision: RateDecision, what: string): void {
  if (!decision.ok) throw new HttpError(429, `too many requests (${what})`, decision.retryAfterMs);
}

/** A handler for one host: `clientAddress` is the address the host saw (socket, CF-Connecting-IP…). */
export function claimHandler(
  options: ClaimHandlerOptions,
): (request: Request, clientAddress: string) => Promise<Response> {
  const { secret, defaultLocale, deliver, awards, allowOrigin = '*', maxBytes = DEFAULT_MAX_BYTES } = options;
  const { seen = memorySeenStore(), log = () => {}, now = Date.now } = options;
  const perAddress = rateLimiter(options.limits?.perAddress ?? DEFAULT_LIMITS.perAddress);
  const perAward = rateLimiter(options.limits?.perAward ?? DEFAULT_LIMITS.perAward);
  const cors = {
    'access-control-allow-origin': allowOrigin,
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'content-type',
  };
  return async (request, clientAddress) => {
    const target = new URL(request.url).pathname;
    const answer = (
      status: number,
      locale: Locale,
      result: Result,
      note: string,
      choice?: string,
      extra?: Record<string, string>,
    ) => {
      log(`${request.method} ${target} → ${status} ${note}`);
      return new Response(page(locale, result, options, choice), {
        status,
        headers: {
          ...cors,
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
          ...extra,
        },
      });
    };
    if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: cors });
    if (request.method !== 'POST') {
      log(`${request.method} ${target} → 405`);
      return new Response('Method not allowed\n', {
        status: 405,
        headers: { ...cors, allow: 'POST, OPTIONS', 'content-type': 'text/plain; charset=utf-8' },
      });
    }
    let locale = defaultLocale;
    try {
      // Every request counts against its address, before any work; a valid one also against its award.
      const addressDecision = perAddress.hit(clientAddress, now());
      const fields = fieldsOf(await readBody(request, maxBytes), request.headers.get('content-type') ?? '');
      if (fields.locale === 'ko' || fields.locale === 'en') locale = fields.locale;
      limit(addressDecision, clientAddress);
      const parsed = parseSubmission(fields);
      if (!parsed.ok) throw new HttpError(400, `invalid field ${parsed.field}`);
      const { submission } = parsed;
      const checked = awards
        ? checkSubmission(submission, awards, secret)
        : checkSubmission(submission, tokenOnly(submission), secret);
      if (!checked.ok) throw new HttpError(PROBLEM_STATUS[checked.problem], checked.problem);
      // Only the link's holder gets here: forged tokens cannot use up an award's allowance.
      limit(perAward.hit(submission.award, now()), submission.award);
      const key = seenKey(submission);
      if ((await seen.get(key)) === seenValue(submission))
        return answer(409, locale, 'already', `${submission.award} ${submission.choice} (already received)`);
      await deliver({ receivedAt: new Date(now()).toISOString(), ...submission });
      await seen.put(key, seenValue(submission));
      return answer(200, locale, 'accepted', `${submission.award} ${submission.choice}`, submission.choice);
    } catch (error) {
      if (!(error instanceof HttpError))
        return answer(502, locale, 'refused', `delivery failed: ${(error as Error).message}`);
      const extra: Record<string, string> = {};
      if (error.status === 413) extra.connection = 'close';
      if (error.retryAfterMs !== undefined)
        extra['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
      return answer(
        error.status,
        locale,
        error.status === 429 ? 'too-many' : 'refused',
        error.message,
        undefined,
        extra,
      );
    }
  };
}

/** Without the awards, the award is taken to be in the state the submission's purpose needs: only the token is checked. */
function tokenOnly(submission: ClaimSubmission): Map<string, ClaimableAward> {
  const claim = submission.purpose === 'manage' ? 'accepted' : 'pending';
  return new Map([[submission.award, { id: submission.award, badge: submission.badge, claim }]]);
}
