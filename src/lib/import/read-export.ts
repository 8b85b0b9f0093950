/**
 * The I/O edge of the import: an export file (CSV in any common delimiter and
 * encoding, or xlsx) -> header and rows of cells. Parsing is done by csv-parse,
 * ExcelJS and iconv-lite; this module only picks options and normalizes cells.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import chardet from 'chardet';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Cell, ExportRow } from './map-row.ts';
import { mappedColumns, type Mapping } from './mapping.ts';

export interface ExportData {
  headers: string[];
  rows: ExportRow[];
  /** What was read: the encoding and delimiter of a CSV, the sheet of an xlsx. */
  format: string;
}

export class ExportError extends Error {
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'ExportError';
  }
}

export type Encoding = Mapping['file']['encoding'];

/** Bytes -> text. `auto`: a BOM decides; else strict UTF-8; else CP949 (the
 * superset of EUC-KR that Korean exports use) when it reads every byte; else
 * the encoding chardet detects. */
export function decodeExport(bytes: Uint8Array, encoding: Encoding): { text: string; encoding: string } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let chosen: string = encoding;
  if (encoding === 'auto') {
    if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) chosen = 'utf-8';
    else if (buffer[0] === 0xff && buffer[1] === 0xfe) chosen = 'utf-16le';
    else {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(buffer);
        chosen = 'utf-8';
      } catch {
        // Korean exports: CP949 when it decodes every byte; else what chardet guesses.
        if (!iconv.decode(buffer, 'cp949').includes('\ufffd')) chosen = 'cp949';
        else {
          const detected = (chardet.detect(buffer.subarray(0, 64 * 1024)) ?? '').toLowerCase();
          chosen = detected && iconv.encodingExists(detected) ? detected : 'cp949';
        }
      }
    }
  }
  if (chosen === 'euc-kr') chosen = 'cp949';
  // iconv-lite strips a BOM by default.
  return { text: iconv.decode(buffer, chosen), encoding: chosen };
}

const DELIMITERS = [',', ';', '\t', '|'];

function headerWith(text: string, delimiter: string): string[] {
  try {
    const [first] = parseCsv(text, { delimiter, to: 1, relax_column_count: true, relax_quotes: true }) as string[][];
    return (first ?? []).map((h) => h.trim());
  } catch {
    return [];
  }
}

/** The delimiter under which the header has every mapped column (else the one giving most fields). */
export function detectDelimiter(text: string, wanted: readonly string[]): string {
  let best = ',';
  let bestScore = -1;
  for (const delimiter of DELIMITERS) {
    const header = headerWith(text, delimiter);
    const score = wanted.filter((c) => header.includes(c)).length * 1000 + header.length;
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

function checkHeader(file: string, headers: string[], mapping: Mapping) {
  const missing = [...new Set(mappedColumns(mapping))].filter((c) => !headers.includes(c));
  if (missing.length) {
    throw new ExportError(
      file,
      `the header lacks mapped column(s) ${missing.map((c) => `"${c}"`).join(', ')}; it has ${headers.map((h) => `"${h}"`).join(', ')}`,
    );
  }
}

function rowsFrom(records: Cell[][], headers: string[], firstRow: number, rowNumbers?: number[]): ExportRow[] {
  const rows: ExportRow[] = [];
  records.forEach((values, i) => {
    if (values.every((v) => v === undefined || (typeof v === 'string' && v.trim() === ''))) return;
    const cells: Record<string, Cell> = {};
    headers.forEach((h, c) => {
      if (h) cells[h] = values[c];
    });
    rows.push({ row: rowNumbers?.[i] ?? firstRow + i, cells });
  });
  return rows;
}

export function readCsv(file: string, bytes: Uint8Array, mapping: Mapping, encoding: Encoding = mapping.file.encoding): ExportData {
  const decoded = decodeExport(bytes, encoding);
  const delimiter = mapping.file.delimiter === 'auto' ? detectDelimiter(decoded.text, mappedColumns(mapping)) : mapping.file.delimiter;
  let records: string[][];
  try {
    records = parseCsv(decoded.text, { delimiter, bom: true, relax_column_count: true, skip_empty_lines: true });
  } catch (error) {
    throw new ExportError(file, `is not valid CSV: ${(error as Error).message}`);
  }
  const headers = (records[0] ?? []).map((h) => h.trim());
  checkHeader(file, headers, mapping);
  const shown = delimiter === '\t' ? 'tab' : delimiter;
  return { headers, rows: rowsFrom(records.slice(1), headers, 2), format: `CSV, ${decoded.encoding}, delimiter "${shown}"` };
}

/** An ExcelJS cell value -> text, or a Date for date cells. */
function xlsxCell(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : xlsxCell(value.text as ExcelJS.CellValue);
    if ('result' in value) return xlsxCell(value.result as ExcelJS.CellValue);
    if ('error' in value) return undefined;
  }
  return String(value);
}

export async function readXlsx(file: string, mapping: Mapping): Promise<ExportData> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch (error) {
    throw new ExportError(file, `is not a readable .xlsx workbook: ${(error as Error).message}`);
  }
  const wanted = mapping.file.sheet;
  const sheet = wanted === undefined ? workbook.worksheets[0] : typeof wanted === 'number' ? workbook.worksheets[wanted - 1] : workbook.getWorksheet(wanted);
  if (!sheet)
    throw new ExportError(
      file,
      `has no worksheet ${wanted === undefined ? '' : `"${wanted}"`} (it has ${workbook.worksheets.map((w) => `"${w.name}"`).join(', ')})`,
    );
  const records: Cell[][] = [];
  const rowNumbers: number[] = [];
  let headers: string[] | undefined;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    // row.values is 1-based (index 0 is empty)
    const values = (row.values as ExcelJS.CellValue[]).slice(1).map(xlsxCell);
    if (!headers) {
      headers = values.map((v) => (typeof v === 'string' ? v.trim() : v instanceof Date ? v.toISOString() : ''));
      return;
    }
    records.push(values);
    rowNumbers.push(rowNumber);
  });
  if (!headers) throw new ExportError(file, 'the worksheet is empty');
  checkHeader(file, headers, mapping);
  return { headers, rows: rowsFrom(records, headers, 2, rowNumbers), format: `xlsx, sheet "${sheet.name}"` };
}

export async function readExport(file: string, mapping: Mapping, encoding?: Encoding): Promise<ExportData> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xlsx') return readXlsx(file, mapping);
  if (ext === '.xls') throw new ExportError(file, 'is an old Excel .xls file: save it as .xlsx or CSV first');
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new ExportError(file, `cannot be read: ${(error as Error).message}`);
  }
  return readCsv(file, bytes, mapping, encoding);
}
