/**
 * The reference claim endpoint: takes the claim page's form POST, checks the
 * token against the content, and appends valid submissions to a JSONL file
 * that `claims:apply` reads. The static site never needs it.
 *
 *   POST  form (application/x-www-form-urlencoded) or JSON → 200 confirmation page
 *         bad fields 400, bad token 403, unknown or revoked award 404,
 *         already claimed 409, body over the limit 413, other type 415
 *   OPTIONS  204 (CORS preflight, for programs that post with fetch)
 *   other    405
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { checkSubmission, parseSubmission, type ClaimableAward } from '../../src/lib/claims/submission.ts';
import { escapeHtml } from '../../src/lib/html.ts';
import { t } from '../../src/lib/i18n.ts';
import type { Locale } from '../../src/lib/schema.ts';

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
}

export const DEFAULT_MAX_BYTES = 4096;

class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
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

function page(locale: Locale, ok: boolean, siteUrl: string | undefined): string {
  const title = t(locale, ok ? 'claim.inbox.accepted' : 'claim.inbox.refused');
  const body = t(locale, ok ? 'claim.inbox.acceptedBody' : 'claim.inbox.refusedBody');
  const back = siteUrl ? `<p><a href="${escapeHtml(siteUrl)}">${escapeHtml(t(locale, 'claim.inbox.back'))}</a></p>` : '';
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body><main><h1 data-claim-result="${ok ? 'accepted' : 'refused'}">${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p>${back}</main></body></html>`;
}

const PROBLEM_STATUS = { 'bad-token': 403, 'unknown-award': 404, 'not-claimable': 404, 'already-claimed': 409, malformed: 400 } as const;

export function createClaimInbox(options: ClaimInboxOptions): http.Server {
  const { awards, secret, file, defaultLocale, siteUrl, allowOrigin = '*', maxBytes = DEFAULT_MAX_BYTES, tls, log = () => {} } = options;
  mkdirSync(path.dirname(file), { recursive: true });
  const handler: http.RequestListener = async (request, response) => {
    const cors = {
      'access-control-allow-origin': allowOrigin,
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': 'content-type',
    };
    const answer = (status: number, locale: Locale, ok: boolean, note: string) => {
      log(`${request.method} ${request.url} → ${status} ${note}`);
      response.writeHead(status, { ...cors, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      response.end(page(locale, ok, siteUrl));
    };
    if (request.method === 'OPTIONS') {
      response.writeHead(204, cors).end();
      return;
    }
    if (request.method !== 'POST') {
      log(`${request.method} ${request.url} → 405`);
      response.writeHead(405, { ...cors, allow: 'POST, OPTIONS', 'content-type': 'text/plain; charset=utf-8' }).end('Method not allowed\n');
      return;
    }
    let locale = defaultLocale;
    try {
      const fields = fieldsOf(await readBody(request, maxBytes), request.headers['content-type'] ?? '');
      if (fields.locale === 'ko' || fields.locale === 'en') locale = fields.locale;
      const parsed = parseSubmission(fields);
      if (!parsed.ok) throw new HttpError(400, `invalid field ${parsed.field}`);
      const checked = checkSubmission(parsed.submission, awards, secret);
      if (!checked.ok) throw new HttpError(PROBLEM_STATUS[checked.problem], checked.problem);
      appendFileSync(file, JSON.stringify({ receivedAt: new Date().toISOString(), v: '1', ...parsed.submission }) + '\n');
      answer(200, locale, true, `${parsed.submission.award} ${parsed.submission.choice}`);
    } catch (error) {
      if (!(error instanceof HttpError)) {
        answer(500, locale, false, (error as Error).message);
        return;
      }
      if (error.status === 413) response.setHeader('connection', 'close');
      answer(error.status, locale, false, error.message);
    }
  };
  return tls ? https.createServer({ key: tls.key, cert: tls.cert }, handler) : http.createServer(handler);
}
