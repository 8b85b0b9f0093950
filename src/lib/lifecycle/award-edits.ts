/**
 * Edits to award records inside their content files, as text -> text, keeping
 * everything else in the file as it was: YAML through the `yaml` Document API
 * (comments, quoting, flow or block style stay), JSON re-indented as found
 * (JSON has no comments to keep). Pure: the commands read and write the files.
 */
import { isMap, isNode, isScalar, isSeq, parseDocument, Scalar, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Revocation } from './ledger.ts';

export type AwardEdit =
  | { kind: 'revoke'; revoked: Revocation }
  | { kind: 'unrevoke' }
  | { kind: 'remove' }
  /** A name correction: `recipient.name` becomes `name`. */
  | { kind: 'rename'; name: string };

export interface FileEditResult {
  /** The new text, or null when the file held only removed records (delete it). */
  text: string | null;
  /** Ids whose edit was applied. */
  applied: Set<string>;
}

const lower = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : undefined);

function yamlRecords(doc: Document): { seq?: YAMLSeq; single?: YAMLMap } {
  const root = doc.contents;
  if (isSeq(root)) return { seq: root };
  if (isMap(root)) {
    const list = root.get('awards', true);
    if (isSeq(list)) return { seq: list };
    return { single: root };
  }
  return {};
}

const lineStart = (text: string, at: number) => text.lastIndexOf('\n', at - 1) + 1;
const lineEnd = (text: string, at: number) => {
  const end = text.indexOf('\n', at);
  return end === -1 ? text.length : end + 1;
};
const isCommentLine = (line: string) => /^\s*#/.test(line);

/** Start of the comment lines right above `at` (they describe the record below them). */
function withCommentsAbove(text: string, at: number): number {
  let start = lineStart(text, at);
  while (start > 0) {
    const previous = lineStart(text, start - 1);
    if (!isCommentLine(text.slice(previous, start))) break;
    start = previous;
  }
  return start;
}

function quoted(value: string, like: unknown): string {
  if (isScalar(like) && like.type === Scalar.QUOTE_SINGLE) return `'${value.replaceAll("'", "''")}'`;
  return JSON.stringify(value);
}

interface Splice {
  start: number;
  end: number;
  insert: string;
}

/**
 * YAML edits as text splices at the nodes' source ranges, so that nothing else
 * in the file changes (not even the indentation style the serializer would pick).
 */
function editYaml(text: string, edits: ReadonlyMap<string, AwardEdit>): FileEditResult {
  const doc = parseDocument(text);
  const applied = new Set<string>();
  const splices: Splice[] = [];
  const { seq, single } = yamlRecords(doc);
  const records = seq ? seq.items.filter(isMap) : single ? [single] : [];
  records.forEach((record, i) => {
    const id = lower(record.get('id'));
    const edit = id ? edits.get(id) : undefined;
    if (!id || !edit || !record.range) return;
    applied.add(id);
    if (edit.kind === 'remove') {
      if (!seq) return;
      const start = withCommentsAbove(text, record.range[0]);
      const next = records[i + 1]?.range;
      const end = next ? withCommentsAbove(text, next[0]) : lineEnd(text, record.range[1] - 1);
      splices.push({ start, end, insert: '' });
      return;
    }
    const pairs = record.items;
    const first = pairs[0]?.key;
    const last = pairs.at(-1);
    if (!isNode(first) || !first.range || !last) return;
    const indent = ' '.repeat(first.range[0] - lineStart(text, first.range[0]));
    if (edit.kind === 'unrevoke') {
      const pair = pairs.find((p) => isScalar(p.key) && p.key.value === 'revoked');
      const value = pair?.value;
      if (!pair || !isNode(pair.key) || !pair.key.range || !isNode(value) || !value.range) return;
      splices.push({ start: lineStart(text, pair.key.range[0]), end: lineEnd(text, value.range[1] - 1), insert: '' });
      return;
    }
    if (edit.kind === 'rename') {
      const recipient = record.get('recipient', true);
      const value = isMap(recipient) ? recipient.get('name', true) : undefined;
      if (!isNode(value) || !value.range) {
        applied.delete(id);
        return;
      }
      splices.push({ start: value.range[0], end: value.range[1], insert: quoted(edit.name, value) });
      return;
    }
    const like = record.get('issuedOn', true);
    const on = quoted(edit.revoked.on, like);
    const reason = quoted(edit.revoked.reason, like);
    const recipient = record.get('recipient', true);
    const block = !(isMap(recipient) && recipient.flow);
    const lines = block
      ? `${indent}revoked:\n${indent}  on: ${on}\n${indent}  reason: ${reason}\n`
      : `${indent}revoked: { on: ${on}, reason: ${reason} }\n`;
    const existing = pairs.find((p) => isScalar(p.key) && p.key.value === 'revoked');
    if (existing && isNode(existing.key) && existing.key.range && isNode(existing.value) && existing.value.range) {
      splices.push({
        start: lineStart(text, existing.key.range[0]),
        end: lineEnd(text, existing.value.range[1] - 1),
        insert: lines,
      });
    } else {
      const lastValue = isNode(last.value) && last.value.range ? last.value.range[1] : record.range[1];
      const at = lineEnd(text, lastValue - 1);
      splices.push({ start: at, end: at, insert: (text[at - 1] === '\n' || at === 0 ? '' : '\n') + lines });
    }
  });
  if (single && edits.get(lower(single.get('id')) ?? '')?.kind === 'remove') return { text: null, applied };
  let result = text;
  for (const splice of splices.sort((a, b) => b.start - a.start || b.end - a.end))
    result = result.slice(0, splice.start) + splice.insert + result.slice(splice.end);
  return { text: result, applied };
}

function editJson(text: string, edits: ReadonlyMap<string, AwardEdit>): FileEditResult {
  const data = JSON.parse(text) as unknown;
  const applied = new Set<string>();
  // The file's own indentation; a compact file (one line, as exports often are) stays compact.
  const indent = /^\s*[[{]\r?\n([ \t]+)/.exec(text)?.[1];
  const apply = (record: Record<string, unknown>): 'keep' | 'remove' => {
    const id = lower(record.id);
    const edit = id ? edits.get(id) : undefined;
    if (!id || !edit) return 'keep';
    applied.add(id);
    if (edit.kind === 'remove') return 'remove';
    if (edit.kind === 'unrevoke') delete record.revoked;
    else if (edit.kind === 'rename') {
      const recipient = record.recipient as Record<string, unknown> | undefined;
      if (!recipient || typeof recipient !== 'object') {
        applied.delete(id);
        return 'keep';
      }
      recipient.name = edit.name;
    } else record.revoked = { on: edit.revoked.on, reason: edit.revoked.reason };
    return 'keep';
  };
  const list = Array.isArray(data)
    ? data
    : Array.isArray((data as { awards?: unknown })?.awards)
      ? (data as { awards: unknown[] }).awards
      : undefined;
  if (list) {
    for (let i = list.length - 1; i >= 0; i--)
      if (apply(list[i] as Record<string, unknown>) === 'remove') list.splice(i, 1);
  } else if (apply(data as Record<string, unknown>) === 'remove') return { text: null, applied };
  return {
    text: applied.size ? JSON.stringify(data, null, indent) + (text.endsWith('\n') ? '\n' : '') : text,
    applied,
  };
}

/** Applies the edits (keyed by lower-cased award id) to one award file's text. */
export function editAwardFile(fileName: string, text: string, edits: ReadonlyMap<string, AwardEdit>): FileEditResult {
  return fileName.toLowerCase().endsWith('.json') ? editJson(text, edits) : editYaml(text, edits);
}
