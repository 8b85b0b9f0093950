/**
 * CSV for people: every CSV the project writes for staff to open (import
 * report, program report, withheld list) goes through here. A spreadsheet
 * treats a cell that starts with = + - @ TAB or CR as a formula (OWASP "CSV
 * injection": `=HYPERLINK(…)`, `-cmd|calc`); such a cell gets a leading
 * apostrophe, which spreadsheets show as text and do not display.
 */
import { stringify, type Options } from 'csv-stringify/sync';

const FORMULA_START = /^[=+\-@\t\r]/;

/** The cell as text a spreadsheet will not run. */
export function neutralizeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** csv-stringify with every string cell neutralised (numbers stay numbers). A BOM by default, so that
 * spreadsheet programs read Korean text as UTF-8. */
export function peopleCsv(
  records: readonly (readonly unknown[])[] | readonly Record<string, unknown>[],
  options: Options = {},
): string {
  return stringify(records as unknown[], {
    bom: true,
    ...options,
    cast: { ...options.cast, string: (value) => neutralizeFormula(value) },
  });
}
