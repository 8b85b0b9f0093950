/**
 * The reference claim endpoint: the shared claim handler
 * (src/lib/claims/handler.ts, whose header lists the answers) served by
 * Node's http/https, delivering accepted submissions by appending them to a
 * JSONL file that `claims:apply` reads. The static site never needs it.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  claimHandler,
  DEFAULT_LIMITS,
  DEFAULT_MAX_BYTES,
  memorySeenStore,
  seenKey,
} from '../../src/lib/claims/handler.ts';
import type { RateLimitOptions } from '../../src/lib/claims/rate-limit.ts';
import type { ClaimableAward } from '../../src/lib/claims/submission.ts';
import type { Locale } from '../../src/lib/content/schema.ts';

export { DEFAULT_LIMITS, DEFAULT_MAX_BYTES };

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

/** The choice last stored for each award and purpose in an existing inbox file (lines that do not parse are skipped). */
export function storedChoices(file: string): Map<string, string> {
  const choices = new Map<string, string>();
  if (!existsSync(file)) return choices;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const { award, choice, purpose, name } = JSON.parse(line) as Record<string, unknown>;
      if (typeof award !== 'string' || typeof choice !== 'string') continue;
      const manage = purpose === 'manage' ? ('manage' as const) : undefined;
      if (choice === 'name') choices.set(seenKey({ award, purpose: manage, choice }), `name:${String(name ?? '')}`);
      else choices.set(seenKey({ award, purpose: manage, choice: 'public' }), choice);
    } catch {}
  }
  return choices;
}

/** The client's address: the socket's, or behind a trusted proxy the last X-Forwarded-For entry. */
function clientAddress(request: http.IncomingMessage, trustProxy: boolean): string {
  const forwarded = request.headers['x-forwarded-for'];
  const last = trustProxy && typeof forwarded === 'string' ? forwarded.split(',').pop()?.trim() : undefined;
  return last || request.socket.remoteAddress || 'unknown';
}

export function createClaimInbox(options: ClaimInboxOptions): http.Server {
  const { file, tls, trustProxy = false, log = () => {} } = options;
  mkdirSync(path.dirname(file), { recursive: true });
  const handle = claimHandler({
    ...options,
    log,
    // One line per award and choice in a row: a replay of the last stored choice is not stored again.
    seen: memorySeenStore(storedChoices(file)),
    deliver: (submission) => {
      const { receivedAt, ...fields } = submission;
      appendFileSync(file, JSON.stringify({ receivedAt, v: '1', ...fields }) + '\n');
    },
  });
  const listener: http.RequestListener = async (request, response) => {
    const method = request.method ?? 'GET';
    const hasBody = method !== 'GET' && method !== 'HEAD';
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers))
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    const fetchRequest = new Request(`http://${request.headers.host ?? 'localhost'}${request.url ?? '/'}`, {
      method,
      headers,
      ...(hasBody ? { body: Readable.toWeb(request) as ReadableStream, duplex: 'half' } : {}),
    } as RequestInit);
    const answer = await handle(fetchRequest, clientAddress(request, trustProxy));
    response.writeHead(answer.status, Object.fromEntries(answer.headers));
    response.end(Buffer.from(await answer.arrayBuffer()));
    // A body refused half-way is not read to its end.
    if (answer.status === 413) request.destroy();
  };
  return tls ? https.createServer({ key: tls.key, cert: tls.cert }, listener) : http.createServer(listener);
}
