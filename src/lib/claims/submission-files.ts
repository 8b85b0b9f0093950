/**
 * Reads a file of collected claim submissions: CSV (a header row with the
 * field names of submission.ts), JSON (a list of objects), JSONL (one
 * object per line, as the reference inbox writes), or the text of one claim
 * email (.txt; the command decodes .eml files to their text first). Pure: text in.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import type { SubmissionRecord } from './apply-claims.ts';
import { fieldsFromEmailBody } from './submission.ts';

export class SubmissionFileError extends Error {}

export function readSubmissionRecords(text: string, fileName: string): SubmissionRecord[] {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) {
    let rows: Record<string, string>[];
    try {
      rows = parseCsv(text, {
        columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
        skip_empty_lines: true,
        bom: true,
        trim: true,
      });
    } catch (error) {
      throw new SubmissionFileError(`${fileName}: not valid CSV (${(error as Error).message})`);
    }
    // Line 1 is the header.
    return rows.map((fields, i) => ({ source: `${fileName} row ${i + 2}`, fields }));
  }
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) {
    const records: SubmissionRecord[] = [];
    text.split(/\r?\n/).forEach((line, i) => {
      if (!line.trim()) return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new SubmissionFileError(`${fileName} line ${i + 1}: not valid JSON`);
      }
      records.push({ source: `${fileName} line ${i + 1}`, fields: objectOrEmpty(value) });
    });
    return records;
  }
  if (lower.endsWith('.json')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new SubmissionFileError(`${fileName}: not valid JSON (${(error as Error).message})`);
    }
    const list = Array.isArray(value) ? value : [value];
    return list.map((item, i) => ({ source: `${fileName} item ${i + 1}`, fields: objectOrEmpty(item) }));
  }
  if (lower.endsWith('.txt') || lower.endsWith('.eml'))
    return [{ source: fileName, fields: fieldsFromEmailBody(text) }];
  throw new SubmissionFileError(`${fileName}: expected a .csv, .json, .jsonl, .eml or .txt file`);
}

function objectOrEmpty(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
