/**
 * Reads the content folder into raw records. The only file I/O of the content
 * model; validation is in content-model.ts.
 *
 * Layout:
 *   issuer.yaml               the issuing organization
 *   program-rules.yaml        exclusion list (optional)
 *   certifications/**.yaml    badge classes: one per file, a list, or { certifications: [...] }
 *   awards/**.yaml|json       issued awards: one per file, a list, or { awards: [...] } (batch exports)
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ContentError, validateContent, type Content, type RawContent, type RawRecord } from './content-model.ts';

const DATA_FILE = /\.(ya?ml|json)$/i;

function listDataFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && DATA_FILE.test(d.name) && !d.name.startsWith('_'))
    .map((d) => path.join(d.parentPath, d.name))
    .sort();
}

function parseDataFile(file: string, label: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return file.toLowerCase().endsWith('.json') ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (error) {
    const detail = error instanceof YAMLParseError ? error.message.split('\n')[0] : (error as Error).message;
    throw new ContentError([{ file: label, record: '', field: '', message: `cannot be parsed: ${detail}` }]);
  }
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
  return [
    ...['issuer', 'program-rules'].map((base) => findOne(contentDir, base)).filter((f): f is string => f !== undefined),
    ...listDataFiles(path.join(contentDir, 'certifications')),
    ...listDataFiles(path.join(contentDir, 'awards')),
  ];
}

function findOne(dir: string, base: string): string | undefined {
  return ['.yaml', '.yml', '.json'].map((ext) => path.join(dir, base + ext)).find((f) => existsSync(f));
}

export function readRawContent(contentDir: string, labelRoot = process.cwd()): RawContent {
  const label = (file: string) => path.relative(labelRoot, file) || file;
  const issuerFile = findOne(contentDir, 'issuer');
  if (!issuerFile) {
    throw new ContentError([{ file: label(path.join(contentDir, 'issuer.yaml')), record: 'issuer', field: '', message: 'file is missing' }]);
  }
  const rulesFile = findOne(contentDir, 'program-rules');
  const read = (file: string, listKey: string) => recordsOf(parseDataFile(file, label(file)), label(file), listKey);
  return {
    issuer: { file: label(issuerFile), index: 0, data: parseDataFile(issuerFile, label(issuerFile)) },
    rules: rulesFile ? { file: label(rulesFile), index: 0, data: parseDataFile(rulesFile, label(rulesFile)) } : undefined,
    badgeClasses: listDataFiles(path.join(contentDir, 'certifications')).flatMap((f) => read(f, 'certifications')),
    awards: listDataFiles(path.join(contentDir, 'awards')).flatMap((f) => read(f, 'awards')),
  };
}

export function loadContent(contentDir: string, labelRoot?: string): Content {
  return validateContent(readRawContent(contentDir, labelRoot));
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
  const cache = ((globalThis as Record<symbol, unknown>)[CACHE] ??= new Map()) as ContentCache;
  const signature = dataFiles(contentDir)
    .map((file) => {
      const { size, mtimeMs } = statSync(file);
      return `${file}:${size}:${mtimeMs}`;
    })
    .join('|');
  const hit = cache.get(contentDir);
  if (hit?.signature === signature) return hit.content;
  const content = loadContent(contentDir);
  cache.set(contentDir, { signature, content });
  return content;
}
