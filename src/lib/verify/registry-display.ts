/**
 * What the verify page lists for an outcome's registry facts (types.ts RegistryFacts: did, name, names by
 * locale, url, location?, entryUrl), read defensively: the facts cross a worker boundary and their shape
 * may grow (a name given per locale as `name` itself is accepted too). A field of another type is left
 * out; without a name and a DID there is nothing to show.
 */
export interface RegistryRow {
  key: 'name' | 'url' | 'location' | 'did';
  value: string;
  /** A web address, shown as a link. */
  link?: boolean;
}

const record = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value : undefined);
const web = (value: unknown) => {
  const found = text(value);
  return found && /^https?:\/\//.test(found) ? found : undefined;
};

export function registryRows(facts: unknown, locale: string): { rows: RegistryRow[]; entryUrl?: string } {
  const found = record(facts);
  const name =
    text(record(found?.names)?.[locale]) ??
    text(record(found?.name)?.[locale]) ??
    text(found?.name) ??
    Object.values(record(found?.name) ?? {})
      .map(text)
      .find(Boolean);
  const did = text(found?.did);
  if (!name || !did) return { rows: [] };
  const url = web(found?.url);
  const location = text(found?.location);
  const entryUrl = web(found?.entryUrl);
  return {
    rows: [
      { key: 'name', value: name },
      ...(url ? [{ key: 'url', value: url, link: true } as const] : []),
      ...(location ? [{ key: 'location', value: location } as const] : []),
      { key: 'did', value: did },
    ],
    ...(entryUrl ? { entryUrl } : {}),
  };
}
