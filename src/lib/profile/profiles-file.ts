/**
 * Edits content/profiles.yaml in place: a profile added when an earner chooses one, taken away when they change
 * their mind, listed or unlisted for search engines. The YAML is parsed only to find where things are; the edit
 * splices text there, so every other byte (comments, spacing, quoting) stays as the support desk wrote it. The
 * caller writes the result (scripts/profile.ts).
 */
import { isMap, isScalar, isSeq, parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';

const HEADER = `# Earners who chose a page listing their public badges (npm run profile). The id is the page's address:
# random, never made from the email or the name. Search engines list the page only with indexed: true.
profiles:
`;

/** 16 characters of a-z and 2-7 (RFC 4648 base32, lower case): 80 random bits. */
export function newProfileId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return [...crypto.getRandomValues(new Uint8Array(16))].map((byte) => alphabet[byte & 31]).join('');
}

export type ProfileEdit =
  | { kind: 'add'; id: string; email: string; indexed: boolean; since: string }
  | { kind: 'remove'; target: string }
  | { kind: 'index'; target: string; indexed: boolean };

const lineStart = (text: string, at: number) => text.lastIndexOf('\n', at - 1) + 1;
const lineEnd = (text: string, at: number) => {
  const end = text.indexOf('\n', at);
  return end < 0 ? text.length : end + 1;
};
const splice = (text: string, from: number, to: number, insert: string) =>
  text.slice(0, from) + insert + text.slice(to);

/** The file's new text, or why the edit cannot be made. */
export function editProfilesFile(text: string | undefined, edit: ProfileEdit): { text: string } | { error: string } {
  const source = text ?? HEADER;
  const doc = parseDocument(source);
  if (doc.errors.length) return { error: `profiles.yaml cannot be parsed: ${doc.errors[0]!.message.split('\n')[0]}` };
  const root = doc.contents;
  const found = isMap(root) ? (root as YAMLMap).get('profiles', true) : root;
  // `profiles:` with nothing under it yet is an empty list.
  const list = isScalar(found) && found.value === null ? undefined : (found as YAMLSeq | null | undefined);
  if (list !== null && list !== undefined && !isSeq(list))
    return { error: 'profiles.yaml must hold a list of profiles under "profiles:"' };
  const items = (list?.items ?? []).filter(isMap) as YAMLMap[];
  const find = (target: string) =>
    items.find((item) =>
      ['id', 'email'].some((key) => String(item.get(key) ?? '').toLowerCase() === target.toLowerCase()),
    );

  if (edit.kind === 'add') {
    if (find(edit.email)) return { error: `${edit.email} already has a profile` };
    const indent = items[0] ? ' '.repeat(items[0].range![0] - lineStart(source, items[0].range![0]) - 2) : '  ';
    const entry = [
      `${indent}- id: ${edit.id}`,
      `${indent}  email: ${edit.email}`,
      ...(edit.indexed ? [`${indent}  indexed: true`] : []),
      `${indent}  since: "${edit.since}"`,
      '',
    ].join('\n');
    if (list && !list.flow && items.length) {
      const end = lineEnd(source, items.at(-1)!.range![1] - 1);
      const base = source.endsWith('\n') || end < source.length ? source : `${source}\n`;
      return { text: splice(base, end, end, entry) };
    }
    // No profile yet: `profiles:` or `profiles: []` becomes the block list.
    const body = source.replace(/^profiles:[ \t]*(?:\[\s*\])?[ \t]*(?:\n|$)/m, `profiles:\n${entry}`);
    return body === source ? { error: 'profiles.yaml has no "profiles:" line to add to' } : { text: body };
  }

  const item = find(edit.target);
  if (!item) return { error: `no profile has the id or email ${edit.target}` };
  const [start, , end] = item.range!;
  if (edit.kind === 'remove') {
    const from = lineStart(source, start);
    return { text: splice(source, from, lineEnd(source, end - 1), '') };
  }
  const pair = item.items.find((p) => isScalar(p.key) && p.key.value === 'indexed');
  const value = String(edit.indexed);
  if (pair && isScalar(pair.value)) {
    const [from, to] = pair.value.range!;
    return { text: splice(source, from, to, value) };
  }
  const indent = ' '.repeat(start - lineStart(source, start));
  const at = lineEnd(source, end - 1);
  return { text: splice(source, at, at, `${indent}indexed: ${value}\n`) };
}
