/**
 * The I/O edge of the import: an export file (CSV in any common delimiter and
 * encoding, or xlsx) -> header and rows of cells. Parsing is done by csv-parse,
 * ExcelJS and iconv-lite; this module only picks options and normalizes cells.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import chardet from 'chardet';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import type { Cell, ExportRow } from './map-row.ts';
import { mappedColumns, type Mapping } from './mapping.ts';

export interface ExportData {
  headers: string[];
  rows: ExportRow[];
  /** What was read: the encoding and delimiter of a CSV, the sheet of an xlsx. */
  format: string;
}

export class ExportError extends Error {
  /** The message in Korean, when there is one. */
  readonly ko?: string;
  constructor(file: string, message: string, ko?: string) {
    super(`${file}: ${message}`);
    this.name = 'ExportError';
    if (ko) this.ko = `${file}: ${ko}`;
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
        // Korean exports: CP949 when it decodes every byte, or all but a few stray ones (their
        // rows are refused, naming the cell: map-row.ts); else what chardet guesses. A guessed
        // single-byte encoding would turn every Korean name into Latin letters ("ÀÌ¼­ÁØ").
        const cp949 = iconv.decode(buffer, 'cp949');
        if (mostlyReadable(cp949)) chosen = 'cp949';
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

/** Text that reads, but for a few stray byte runs: Korean text (Hangul) with at most one run of
 * U+FFFD per hundred lines (and one more), and far more Hangul than such runs. */
function mostlyReadable(text: string): boolean {
  let runs = 0;
  let hangul = 0;
  let lines = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) lines++;
    else if (c === 0xfffd) {
      if (text.charCodeAt(i - 1) !== 0xfffd) runs++;
    } else if (c >= 0xac00 && c <= 0xd7a3) hangul++;
  }
  return runs === 0 || (runs <= 1 + lines / 100 && hangul >= 4 * runs);
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

/** Records -> rows; `countFields` (CSV) marks a record whose field count differs from the header's. */
function rowsFrom(
  records: Cell[][],
  headers: string[],
  firstRow: number,
  rowNumbers?: number[],
  countFields = false,
): ExportRow[] {
  const rows: ExportRow[] = [];
  records.forEach((values, i) => {
    if (values.every((v) => v === undefined || (typeof v === 'string' && v.trim() === ''))) return;
    const cells: Record<string, Cell> = {};
    headers.forEach((h, c) => {
      if (h) cells[h] = values[c];
    });
    const row: ExportRow = { row: rowNumbers?.[i] ?? firstRow + i, cells };
    if (countFields && values.length !== headers.length)
      row.fieldCount = { found: values.length, expected: headers.length };
    rows.push(row);
  });
  return rows;
}

export function readCsv(
  file: string,
  bytes: Uint8Array,
  mapping: Mapping,
  encoding: Encoding = mapping.file.encoding,
): ExportData {
  const decoded = decodeExport(bytes, encoding);
  const delimiter =
    mapping.file.delimiter === 'auto' ? detectDelimiter(decoded.text, mappedColumns(mapping)) : mapping.file.delimiter;
  let records: string[][];
  try {
    records = parseCsv(decoded.text, { delimiter, bom: true, relax_column_count: true, skip_empty_lines: true });
  } catch (error) {
    throw new ExportError(file, `is not valid CSV: ${(error as Error).message}`);
  }
  const headers = (records[0] ?? []).map((h) => h.trim());
  const garbled = headers.find((h) => /[\ufffd\u0080-\u009f]/.test(h));
  if (garbled !== undefined) {
    throw new ExportError(
      file,
      `its header does not read as ${decoded.encoding} ("${garbled.replace(/[\ufffd\u0080-\u009f]/g, '�')}"): give the encoding with --encoding (utf-8, cp949, utf-16le).`,
      `머리글이 ${decoded.encoding}(으)로 읽히지 않습니다 ("${garbled.replace(/[\ufffd\u0080-\u009f]/g, '�')}"): --encoding으로 인코딩을 지정하세요 (utf-8, cp949, utf-16le).`,
    );
  }
  checkHeader(file, headers, mapping);
  const shown = delimiter === '\t' ? 'tab' : delimiter;
  return {
    headers,
    rows: rowsFrom(records.slice(1), headers, 2, undefined, true),
    format: `CSV, ${decoded.encoding}, delimiter "${shown}"`,
  };
}

/** An ExcelJS cell value -> text, or a Date for date cells. */
function xlsxCell(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('hyperlink' in value)
      return typeof value.text === 'string' ? value.text : xlsxCell(value.text as ExcelJS.CellValue);
    if ('result' in value) return xlsxCell(value.result as ExcelJS.CellValue);
    if ('error' in value) return undefined;
  }
  return String(value);
}

/** The most an .xlsx may inflate to, all its parts together: about five times a 100,000-row export. */
export const XLSX_MAX_INFLATED = 200 * 2 ** 20;

/**
 * Refuses a zip bomb before ExcelJS inflates it into memory. ExcelJS reads an .xlsx with JSZip
 * (every part inflated whole, the sheet as one string) and has no size limit, so the same JSZip
 * reads the central directory first: parts whose declared sizes add up to more than `limit` are
 * refused without inflating anything; then each part is inflated as a stream, counting, and
 * reading stops as soon as the count passes the limit (a header can lie about the size).
 */
async function checkInflatedSize(file: string, bytes: Buffer, limit: number): Promise<void> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch (error) {
    throw new ExportError(file, `is not a readable .xlsx workbook: ${(error as Error).message}`);
  }
  const parts = Object.values(zip.files).filter((f) => !f.dir);
  const megabytes = `${Math.round(limit / 2 ** 20)} MB`;
  const refuse = () =>
    new ExportError(
      file,
      `expands to more than ${megabytes} when unpacked (a zip bomb, or far more rows than an export has), so it was not read.`,
      `압축을 풀면 ${megabytes}를 넘으므로(압축 폭탄이거나 내보낸 파일보다 훨씬 많은 행) 읽지 않았습니다.`,
    );
  // JSZip keeps each part's sizes from the central directory on `_data` (not in its typings).
  const declared = parts.reduce(
    (sum, f) => sum + ((f as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0),
    0,
  );
  if (declared > limit) throw refuse();
  let inflated = 0;
  for (const part of parts) {
    await new Promise<void>((resolve, reject) => {
      const stream = part.nodeStream('nodebuffer') as Readable;
      stream
        .on('data', (chunk: Buffer) => {
          inflated += chunk.length;
          if (inflated > limit) {
            // Stops JSZip's inflating too (its stream pauses when nobody reads).
            stream.destroy();
            reject(refuse());
          }
        })
        .on('error', (error: Error) =>
          reject(new ExportError(file, `is not a readable .xlsx workbook: ${error.message}`)),
        )
        .on('end', () => resolve());
    });
  }
}

export async function readXlsx(file: string, mapping: Mapping, maxInflated = XLSX_MAX_INFLATED): Promise<ExportData> {
  const workbook = new ExcelJS.Workbook();
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new ExportError(file, `cannot be read: ${(error as Error).message}`);
  }
  await checkInflatedSize(file, bytes, maxInflated);
  try {
    await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch (error) {
    throw new ExportError(file, `is not a readable .xlsx workbook: ${(error as Error).message}`);
  }
  const wanted = mapping.file.sheet;
  const sheet =
    wanted === undefined
      ? workbook.worksheets[0]
      : typeof wanted === 'number'
        ? workbook.worksheets[wanted - 1]
        : workbook.getWorksheet(wanted);
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
