/**
 * The reference claim endpoint: takes the claim page's form POST, checks the
 * token against the content, and appends valid submissions to a JSONL file
 * that `claims:apply` reads. The static site never needs it.
 *
 *   POST  form (application/x-www-form-urlencoded) or JSON → 200 confirmation page
 *         (also for a replay of the choice last stored for the award: it is
 *         answered "already received" and not stored again), bad fields 400,
 *         bad token 403, unknown or revoked award 404, already claimed 409,
 *         body over the limit 413, other type 415, too many requests 429
 *         (per client address, and per award for claims with a valid token)
 *   OPTIONS  204 (CORS preflight, for programs that post with fetch)
 *   other    405
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { rateLimiter, type RateLimitOptions } from '../../src/lib/claims/rate-limit.ts';
import { checkSubmission, parseSubmission, type ClaimableAward } from '../../src/lib/claims/submission.ts';
import { escapeHtml } from '../../src/lib/html.ts';
import { t } from '../../src/lib/i18n.ts';
import type { Locale } from '../../src/lib/content/schema.ts';

export interface ClaimInboxOptions {
  awards: ReadonlyMap<string, ClaimableAward>;
  secret: string;
  /** JSONL file the submissions are appended to. */
  file: string;
  defaultLocale: Locale;
  /** Link back to the site on the confirmation page. */
  siteUrl?: string;
  /** Origin allowed by CORS (default "*": the token, not the origin, is the check). */
  allowOrigin?: string;
  maxBytes?: number;
  tls?: { key: string; cert: string };
  /** Called after each request, for the command's log. */
  log?: (line: string) => void;
  /** Rate limits; the defaults are DEFAULT_LIMITS. */
  limits?: { perAddress?: RateLimitOptions; perAward?: RateLimitOptions };
  /** Behind a proxy: the client address is the last one in X-Forwarded-For (the one the proxy saw). */
  trustProxy?: boolean;
  /** The clock, in ms (tests). */
  now?: () => number;
}

export const DEFAULT_MAX_BYTES = 4096;

/** A school or exam centre may claim many badges from one address; an earner needs one or two tries per award. */
export const DEFAULT_LIMITS = {
  perAddress: { limit: 60, windowMs: 10 * 60_000 },
  perAward: { limit: 10, windowMs: 60 * 60_000 },
} as const satisfies Record<string, RateLimitOptions>;

/** The choice last stored for each award in an existing inbox file (lines that do not parse are skipped). */
export function storedChoices(file: string): Map<string, string> {
  const choices = new Map<string, string>();
  if (!existsSync(file)) return choices;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const { award, choice } = JSON.parse(line) as { award?: unknown; choice?: unknown };
      if (typeof award === 'string' && typeof choice === 'string') choices.set(award.toLowerCase(), choice);
    } catch {}
  }
  return choices;
}

class HttpError extends Error {
  readonly status: number;
  readonly retryAfterMs?: number;
  constructor(status: number, message: string, retryAfterMs?: number) {
    super(message);
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
}

function readBody(request: http.IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > maxBytes) return reject(new HttpError(413, 'body too large'));
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new HttpError(413, 'body too large'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
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

type Result = 'accepted' | 'already' | 'refused' | 'too-many';
const PAGE_TEXT = {
  accepted: ['claim.inbox.accepted', 'claim.inbox.acceptedBody'],
  already: ['claim.inbox.already', 'claim.inbox.alreadyBody'],
  refused: ['claim.inbox.refused', 'claim.inbox.refusedBody'],
  'too-many': ['claim.inbox.tooMany', 'claim.inbox.tooManyBody'],
} as const;

function page(locale: Locale, result: Result, siteUrl: string | undefined, choice?: string): string {
  const [titleKey, bodyKey] = PAGE_TEXT[result];
  const title = t(locale, titleKey);
  const next =
    result === 'accepted' && (choice === 'public' || choice === 'private')
      ? `<p>${escapeHtml(t(locale, `claim.inbox.next.${choice}`))}</p>`
      : '';
  const back = siteUrl
    ? `<p><a href="${escapeHtml(siteUrl)}">${escapeHtml(t(locale, 'claim.inbox.back'))}</a></p>`
    : '';
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body><main><h1 data-claim-result="${result}">${escapeHtml(title)}</h1><p>${escapeHtml(t(locale, bodyKey))}</p>${next}${back}</main></body></html>`;
}

/** The client's address: the socket's, or behind a trusted proxy the last X-Forwarded-For entry. */
function clientAddress(request: http.IncomingMessage, trustProxy: boolean): string {
  const forwarded = request.headers['x-forwarded-for'];
  const last = trustProxy && typeof forwarded === 'string' ? forwarded.split(',').pop()?.trim() : undefined;
  return last || request.socket.remoteAddress || 'unknown';
}

const PROBLEM_STATUS = {
  'bad-token': 403,
  'unknown-award': 404,
  'not-claimable': 404,
  'already-claimed': 409,
  malformed: 400,
} as const;

export function createClaimInbox(options: ClaimInboxOptions): http.Server {
  const {
    awards,
    secret,
    file,
    defaultLocale,
    siteUrl,
    allowOrigin = '*',
    maxBytes = DEFAULT_MAX_BYTES,
    tls,
    log = () => {},
  } = options;
  const { trustProxy = false, now = Date.now } = options;
  mkdirSync(path.dirname(file), { recursive: true });
  // One line per award and choice in a row: a replay of the last stored choice is not stored again.
  const lastChoice = storedChoices(file);
  const perAddress = rateLimiter(options.limits?.perAddress ?? DEFAULT_LIMITS.perAddress);
  const perAward = rateLimiter(options.limits?.perAward ?? DEFAULT_LIMITS.perAward);
  const limit = (decision: ReturnType<typeof perAddress.hit>, what: string) => {
    if (!decision.ok) throw new HttpError(429, `too many requests (${what})`, decision.retryAfterMs);
  };
  const handler: http.RequestListener = async (request, response) => {
    const cors = {
      'access-control-allow-origin': allowOrigin,
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': 'content-type',
    };
    const answer = (status: number, locale: Locale, result: Result, note: string, choice?: string) => {
      log(`${request.method} ${request.url} → ${status} ${note}`);
      response.writeHead(status, {
        ...cors,
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      response.end(page(locale, result, siteUrl, choice));
    };
    if (request.method === 'OPTIONS') {
      response.writeHead(204, cors).end();
      return;
    }
    if (request.method !== 'POST') {
      log(`${request.method} ${request.url} → 405`);
      response
        .writeHead(405, { ...cors, allow: 'POST, OPTIONS', 'content-type': 'text/plain; charset=utf-8' })
        .end('Method not allowed\n');
      return;
    }
    let locale = defaultLocale;
    try {
      // Every request counts against its address, before any work; a valid claim also against its award.
      const address = clientAddress(request, trustProxy);
      const addressDecision = perAddress.hit(address, now());
      const fields = fieldsOf(await readBody(request, maxBytes), request.headers['content-type'] ?? '');
      if (fields.locale === 'ko' || fields.locale === 'en') locale = fields.locale;
      limit(addressDecision, address);
      const parsed = parseSubmission(fields);
      if (!parsed.ok) throw new HttpError(400, `invalid field ${parsed.field}`);
      const { submission } = parsed;
      const checked = checkSubmission(submission, awards, secret);
      if (!checked.ok) throw new HttpError(PROBLEM_STATUS[checked.problem], checked.problem);
      // Only the link's holder gets here: forged tokens cannot use up an award's allowance.
      limit(perAward.hit(submission.award, now()), submission.award);
      if (lastChoice.get(submission.award) === submission.choice) {
        answer(200, locale, 'already', `${submission.award} ${submission.choice} (already received)`);
        return;
      }
      appendFileSync(file, JSON.stringify({ receivedAt: new Date(now()).toISOString(), v: '1', ...submission }) + '\n');
      lastChoice.set(submission.award, submission.choice);
      answer(200, locale, 'accepted', `${submission.award} ${submission.choice}`, submission.choice);
    } catch (error) {
      if (!(error instanceof HttpError)) {
        answer(500, locale, 'refused', (error as Error).message);
        return;
      }
      if (error.status === 413) response.setHeader('connection', 'close');
      if (error.retryAfterMs !== undefined)
        response.setHeader('retry-after', String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))));
      answer(error.status, locale, error.status === 429 ? 'too-many' : 'refused', error.message);
    }
  };
  return tls ? https.createServer({ key: tls.key, cert: tls.cert }, handler) : http.createServer(handler);
}
