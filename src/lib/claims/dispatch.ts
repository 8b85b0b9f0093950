/**
 * Sends an accepted claim to the repository as a GitHub `repository_dispatch`
 * event; the repository's claim workflow (.github/workflows/claim.yml) applies
 * it, commits and publishes. Fetch API only: runs in the host functions.
 *
 * The token is a fine-grained personal access token limited to the content
 * repository with "Contents: read and write" (what the dispatches endpoint
 * asks for), kept as a secret of the host, never in the site.
 */
import type { ClaimSubmission } from './submission.ts';

export const CLAIM_EVENT_TYPE = 'emblem-claim';

export interface DispatchOptions {
  /** "owner/name" */
  repository: string;
  token: string;
  /** Default https://api.github.com (GitHub Enterprise, or a stand-in in tests). */
  apiUrl?: string;
  fetch?: typeof fetch;
}

export class DispatchError extends Error {}

/** What the workflow receives as `client_payload`: the submission (ids, token, choice; the name only in a name
 * correction request), never an address. */
export interface ClaimDispatchPayload {
  submission: ClaimSubmission & { receivedAt: string; v: '1' };
}

export function githubDispatcher(
  options: DispatchOptions,
): (submission: ClaimSubmission & { receivedAt: string }) => Promise<void> {
  const { repository, token, apiUrl = 'https://api.github.com' } = options;
  const send = options.fetch ?? fetch;
  if (!/^[\w.-]+\/[\w.-]+$/.test(repository))
    throw new DispatchError(`EMBLEM_CLAIM_REPOSITORY must be owner/name, not "${repository}"`);
  const url = `${apiUrl.replace(/\/+$/, '')}/repos/${repository}/dispatches`;
  return async (submission) => {
    const payload: ClaimDispatchPayload = { submission: { v: '1', ...submission } };
    const response = await send(url, {
      method: 'POST',
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'user-agent': 'emblem-claims',
        'x-github-api-version': '2022-11-28',
      },
      body: JSON.stringify({ event_type: CLAIM_EVENT_TYPE, client_payload: payload }),
    });
    // 204 No Content on success.
    if (!response.ok) throw new DispatchError(`GitHub answered ${response.status} to the dispatch for ${repository}`);
  };
}
