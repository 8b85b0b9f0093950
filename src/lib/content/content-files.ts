/**
 * Reads the content folder into raw records. The only file I/O of the content
 * model; validation is in content-model.ts.
 *
 * Layout:
 *   issuer.yaml               the issuing organization
 *   program-rules.yaml        exclusion list (optional)
 *   certifications/**.yaml    badge classes: one per file, a list, or { certifications: [...] }
 *   awards/**.yaml|json       issued awards: one per file, a list, or { awards: [...] } (batch exports)
 *   profiles.yaml             earners who chose a profile page (optional): a list, or { profiles: [...] }
 *
 * In certifications/ and awards/, every file is either read or refused, never
 * skipped in silence: a file with another extension (`x.yaml.txt`) or a symbolic
 * link leading outside the content folder stops the build. Left alone on purpose:
 * names starting with `_` or `.` (drafts, editor and VCS files) and Markdown
 * notes (`*.md`, e.g. a README). Links inside the content folder are followed.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { visit as visitJson } from 'jsonc-parser';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import {
  ContentError,
  recordLabel,
  validateContent,
  type Content,
  type ContentIssue,
  type PublicFiles,
  type RawContent,
  type RawRecord,
} from './content-model.ts';
import { nestedDeeperThan } from '../verify/input.ts';

const DATA_FILE = /\.(ya?ml|json)$/i;
const MARKDOWN_NOTE = /\.md$/i;

/** The data files of a folder, and an issue for each file that will not be read. */
function listDataFiles(
  dir: string,
  contentRoot: string,
  label: (file: string) => string,
  issues: ContentIssue[] = [],
): string[] {
  if (!existsSync(dir)) return [];
  const root = realpathSync(contentRoot);
  const refuse = (file: string, message: string) => issues.push({ file: label(file), record: '', field: '', message });
  const files: string[] = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (
      path
        .relative(dir, file)
        .split(path.sep)
        .some((part) => /^[_.]/.test(part))
    )
      continue;
    if (entry.isDirectory() || (entry.isFile() && MARKDOWN_NOTE.test(entry.name))) continue;
    if (entry.isSymbolicLink()) {
      let target: string;
      try {
        target = realpathSync(file);
      } catch {
        refuse(file, 'is a symbolic link to nothing (its target is missing); it was not read');
        continue;
      }
      const rel = path.relative(root, target);
      if (rel.startsWith('..') || path.isAbsolute(rel)) {
        refuse(
          file,
          `is a symbolic link to ${target}, outside the content folder; it was not read (copy the file here instead)`,
        );
        continue;
      }
      if (!statSync(target).isFile()) {
        refuse(file, 'is a symbolic link to a folder, which is not followed; move the files here instead');
        continue;
      }
    } else if (!entry.isFile()) {
      refuse(file, 'is not a regular file; it was not read');
      continue;
    }
    if (!DATA_FILE.test(entry.name)) {
      refuse(
        file,
        'is not a .yaml, .yml or .json file, so it would not be read; rename it, or start its name with "_" to keep it here unread',
      );
      continue;
    }
    files.push(file);
  }
  return files.sort();
}

/** JSON.parse keeps the last of duplicate keys without a word (YAML refuses them): find them. */
function duplicateJsonKeys(text: string, label: string): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const open: Map<string, number>[] = [];
  visitJson(text, {
    onObjectBegin: () => {
      open.push(new Map());
    },
    onObjectEnd: () => {
      open.pop();
    },
    onObjectProperty: (property, _offset, _length, startLine, _startCharacter, pathSupplier) => {
      const keys = open.at(-1)!;
      const earlier = keys.get(property);
      if (earlier !== undefined) {
        issues.push({
          file: label,
          record: '',
          field: [...pathSupplier(), property].join('.'),
          message: `duplicate key "${property}" (lines ${earlier} and ${startLine + 1}): JSON would silently keep only the last one; remove one of them`,
        });
      } else keys.set(property, startLine + 1);
    },
  });
  return issues;
}

/**
 * Deepest nesting of maps and lists a content file may have. A record nests a
 * few levels; the checks after parsing walk the data recursively, so deeper
 * data (200,000 levels of JSON, or a YAML alias inside its own anchor, which
 * nests without end) would overflow the stack instead of being refused.
 */
const MAX_CONTENT_DEPTH = 64;
const TOO_DEEP = `is nested too deep: maps and lists more than ${MAX_CONTENT_DEPTH} levels inside one another (or a YAML alias used inside its own anchor); flatten it`;

/** A file's records as the content model names them, for issues found before validation. */
type RecordKind = { listKey: string; kind: string } | { kind: string };

function parseDataFile(file: string, label: string, recordKind: RecordKind): unknown {
  // A UTF-8 byte order mark (some Windows tools write one) is not part of the content.
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = file.toLowerCase().endsWith('.json') ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (error) {
    // The YAML parser recurses per level: very deep input overflows the stack.
    if (error instanceof RangeError || /Maximum call stack size exceeded/.test((error as Error).message)) {
      throw new ContentError([{ file: label, record: '', field: '', message: TOO_DEEP }]);
    }
    const detail = error instanceof YAMLParseError ? error.message.split('\n')[0] : (error as Error).message;
    throw new ContentError([{ file: label, record: '', field: '', message: `cannot be parsed: ${detail}` }]);
  }
  if (nestedDeeperThan(data, MAX_CONTENT_DEPTH)) {
    const records =
      'listKey' in recordKind ? recordsOf(data, label, recordKind.listKey) : [{ file: label, index: 0, data }];
    const deep = records.find((record) => nestedDeeperThan(record.data, MAX_CONTENT_DEPTH - 2));
    throw new ContentError([
      { file: label, record: deep ? recordLabel(deep, recordKind.kind) : '', field: '', message: TOO_DEEP },
    ]);
  }
  if (file.toLowerCase().endsWith('.json')) {
    const duplicates = duplicateJsonKeys(text, label);
    if (duplicates.length) throw new ContentError(duplicates);
  }
  return data;
}

/** Splits a file into records: a single object, a list, or `{ [listKey]: [...] }`. */
function recordsOf(data: unknown, file: string, listKey: string): RawRecord[] {
  const list = Array.isArray(data)
    ? data
    : data && typeof data === 'object' && Array.isArray((data as Record<string, unknown>)[listKey])
      ? ((data as Record<string, unknown>)[listKey] as unknown[])
      : [data];
  return list.map((item, index) => ({ file, index, data: item }));
}

function dataFiles(contentDir: string): string[] {
  const label = (file: string) => file;
  return [
    ...['issuer', 'program-rules', 'profiles']
      .map((base) => findOne(contentDir, base))
      .filter((f): f is string => f !== undefined),
    ...listDataFiles(path.join(contentDir, 'certifications'), contentDir, label),
    ...listDataFiles(path.join(contentDir, 'awards'), contentDir, label),
  ];
}

function findOne(dir: string, base: string): string | undefined {
  return ['.yaml', '.yml', '.json'].map((ext) => path.join(dir, base + ext)).find((f) => existsSync(f));
}

export function readRawContent(contentDir: string, labelRoot = process.cwd()): RawContent {
  const label = (file: string) => path.relative(labelRoot, file) || file;
  const issuerFile = findOne(contentDir, 'issuer');
  if (!issuerFile) {
    throw new ContentError([
      { file: label(path.join(contentDir, 'issuer.yaml')), record: 'issuer', field: '', message: 'file is missing' },
    ]);
  }
  const rulesFile = findOne(contentDir, 'program-rules');
  const profilesFile = findOne(contentDir, 'profiles');
  const fileIssues: ContentIssue[] = [];
  // issuer.yaml and issuer.json side by side: only one would be read.
  for (const base of ['issuer', 'program-rules', 'profiles']) {
    const found = ['.yaml', '.yml', '.json']
      .map((ext) => path.join(contentDir, base + ext))
      .filter((f) => existsSync(f));
    for (const extra of found.slice(1)) {
      fileIssues.push({
        file: label(extra),
        record: '',
        field: '',
        message: `would not be read: ${label(found[0]!)} is read instead; keep one of them`,
      });
    }
  }
  const certificationFiles = listDataFiles(path.join(contentDir, 'certifications'), contentDir, label, fileIssues);
  const awardFiles = listDataFiles(path.join(contentDir, 'awards'), contentDir, label, fileIssues);
  const parse = (file: string, recordKind: RecordKind): { data: unknown } | undefined => {
    try {
      return { data: parseDataFile(file, label(file), recordKind) };
    } catch (error) {
      if (!(error instanceof ContentError)) throw error;
      fileIssues.push(...error.issues);
      return undefined;
    }
  };
  const read = (file: string, listKey: string, kind: string): RawRecord[] => {
    const parsed = parse(file, { listKey, kind });
    return parsed ? recordsOf(parsed.data, label(file), listKey) : [];
  };
  const single = (file: string | undefined, kind: string): RawRecord | undefined => {
    const parsed = file ? parse(file, { kind }) : undefined;
    return parsed && file ? { file: label(file), index: 0, data: parsed.data } : undefined;
  };
  const raw: RawContent = {
    issuer: single(issuerFile, 'issuer') ?? { file: label(issuerFile), index: 0, data: undefined },
    rules: single(rulesFile, 'program rules'),
    badgeClasses: certificationFiles.flatMap((f) => read(f, 'certifications', 'certification')),
    awards: awardFiles.flatMap((f) => read(f, 'awards', 'award')),
    profiles: profilesFile ? read(profilesFile, 'profiles', 'profile') : [],
  };
  // Files that cannot be read stop the build before validation, all named at once.
  if (fileIssues.length) throw new ContentError(fileIssues);
  return raw;
}

/** public/ as the content checks see it: artwork and logo paths are checked to exist there. */
export function publicFiles(publicDir: string): PublicFiles {
  // Site paths were checked by the schema to stay inside public/ (no "..", no backslashes).
  const file = (sitePath: string) => path.join(publicDir, ...sitePath.split('/'));
  return {
    exists: (sitePath) => {
      try {
        return statSync(file(sitePath)).isFile();
      } catch {
        return false;
      }
    },
    readText: (sitePath) => readFileSync(file(sitePath), 'utf8'),
  };
}

/**
 * Reads and validates the content. `publicDir` is the site's public/ folder
 * (Astro's default: ./public of the project, the working directory of every
 * command), where artwork and the logo must exist.
 */
export function loadContent(contentDir: string, labelRoot?: string, publicDir = path.resolve('public')): Content {
  return validateContent(readRawContent(contentDir, labelRoot), { publicFiles: publicFiles(publicDir) });
}

/** Paths, sizes and modification times of the data files: changes when an editor saves one. */
export function contentSignature(contentDir: string): string {
  return dataFiles(contentDir)
    .map((file) => {
      const { size, mtimeMs } = statSync(file);
      return `${file}:${size}:${mtimeMs}`;
    })
    .join('|');
}

const CACHE = Symbol.for('emblem.content-cache');
type ContentCache = Map<string, { signature: string; content: Content }>;

/**
 * loadContent, once per process while no data file changes. Astro evaluates
 * the integration (astro.config) and content.config.ts in separate module
 * graphs of one process, and every collection's loader asks for the content:
 * without a process-wide cache a build would parse and validate every batch
 * file five times. The signature (paths, sizes, mtimes) also lets the dev
 * server pick up an editor's change.
 */
export function loadContentOnce(contentDir: string): Content {
  const cache = contentCache();
  const signature = contentSignature(contentDir);
  const hit = cache.get(contentDir);
  if (hit?.signature === signature) return hit.content;
  const content = loadContent(contentDir);
  cache.set(contentDir, { signature, content });
  return content;
}

const contentCache = () => ((globalThis as Record<symbol, unknown>)[CACHE] ??= new Map()) as ContentCache;

/**
 * Gives loadContentOnce content read and checked in another process (the
 * build script reads it while Astro's process starts), under the signature
 * taken before that read: a file saved since makes loadContentOnce read again.
 */
export function primeContent(contentDir: string, signature: string, content: Content): void {
  contentCache().set(contentDir, { signature, content });
}
