/**
 * What a known-issuer registry lists about this site's issuer, as a static
 * file (sitePaths.registryEntry): the DCC issuer registry format
 * (github.com/digitalcredentials/issuer-registry, registry.json:
 * `{ registry: { <DID>: { name, url, location } } }`), a one-entry registry
 * that verifier-core's registry client reads as it is, so a registry's
 * maintainers can check it and copy the entry. The name is in the default
 * language; every language's name follows as `name#<locale>` (the
 * language-tag convention of OpenID Federation metadata, which DCC's newer
 * registries use), and `federation_entity` gives the same facts under the
 * names those registries use (organization_name, homepage_uri, location).
 * No dates: the same content writes the same bytes.
 */
import type { Issuer } from '../content/schema.ts';

export interface RegistryListing {
  name: string;
  url: string;
  location?: string;
  [languageTagged: `name#${string}`]: string;
}

export interface RegistryEntryFile {
  registry: Record<string, RegistryListing>;
  federation_entity: Record<string, string>;
}

export function registryEntry(issuer: Issuer, did: string): RegistryEntryFile {
  const names = issuer.locales.flatMap((locale) => {
    const name = issuer.name[locale];
    return name ? [[locale, name] as const] : [];
  });
  const name = issuer.name[issuer.defaultLocale] ?? names[0]?.[1] ?? '';
  const location: { location?: string } = issuer.location ? { location: issuer.location } : {};
  const listing: RegistryListing = { name, url: issuer.url, ...location };
  const entity: Record<string, string> = { organization_name: name };
  for (const [locale, localized] of names) {
    listing[`name#${locale}`] = localized;
    entity[`organization_name#${locale}`] = localized;
  }
  entity.homepage_uri = issuer.url;
  if (issuer.location) entity.location = issuer.location;
  return { registry: { [did]: listing }, federation_entity: entity };
}
