/**
 * What a known-issuer registry would show for an authentic credential: the
 * entry this site publishes (sitePaths.registryEntry, DCC registry format,
 * credentials/registry-entry.ts), when it lists the DID the credential names
 * as its issuer. The site vouches for nothing new here (the issuer step has
 * already tied the credential to this site's DID); it tells a visitor what a
 * registry that copied the entry lists. A missing or unreadable entry, or one
 * for another DID, gives no facts (the verification itself is unchanged).
 */
import { fetchSiteJson, isObject, type Json } from './input.ts';
import { issuerIdOf } from './ob3.ts';
import type { VerifierSite } from './site.ts';
import type { RegistryFacts } from './types.ts';

export async function registryFacts(
  credential: Json,
  site: VerifierSite,
  fetchImpl: typeof fetch,
): Promise<RegistryFacts | undefined> {
  const did = issuerIdOf(credential);
  if (did !== site.did) return undefined;
  let entry: Json;
  try {
    entry = await fetchSiteJson(site, fetchImpl, site.registryEntryUrl);
  } catch {
    return undefined;
  }
  const listing = isObject(entry.registry) ? entry.registry[did] : undefined;
  if (!isObject(listing) || typeof listing.name !== 'string' || typeof listing.url !== 'string') return undefined;
  const names: Record<string, string> = {};
  for (const [key, value] of Object.entries(listing))
    if (key.startsWith('name#') && typeof value === 'string') names[key.slice('name#'.length)] = value;
  return {
    did,
    name: listing.name,
    names,
    url: listing.url,
    ...(typeof listing.location === 'string' ? { location: listing.location } : {}),
    entryUrl: site.registryEntryUrl,
  };
}
