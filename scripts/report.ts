/**
 * npm run report -- [--format table|csv|json] [--withheld FILE|-] [--lang ko|en] [--content DIR]
 *
 * Counts by badge and month: issued, published, pending (by age), private,
 * withheld by reason, expired, revoked; with --withheld, the full list of
 * withheld awards and their reasons as CSV. States as of EMBLEM_NOW.
 * Exit code: 0 done, 1 content error, 2 usage error.
 */
import { peopleCsv } from '../src/lib/support/csv-safe.ts';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildMoment, contentDirSetting, siteUrlSetting } from '../src/lib/build-settings.ts';
import { loadContent } from '../src/lib/content/content-files.ts';
import { ContentError } from '../src/lib/content/content-model.ts';
import { describeWithheld, lookupContext, withheldDetails } from '../src/lib/support/lookup.ts';
import { programReport, reportCells, reportColumns } from '../src/lib/support/program-report.ts';
import type { Locale } from '../src/lib/content/schema.ts';
import { buildSiteModel } from '../src/lib/site-model.ts';
import { siteUrls } from '../src/lib/site-urls.ts';

const USAGE = `usage: npm run report -- [--format table|csv|json] [--withheld FILE|-] [--lang ko|en] [--content DIR]

  Counts by badge and month. --withheld writes every withheld award with its reason as CSV
  (to FILE, or to standard output with -). States as of EMBLEM_NOW (default: now).`;
const OPTIONS = {
  format: { type: 'string', default: 'table' },
  withheld: { type: 'string' },
  lang: { type: 'string' },
  content: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

let parsed: ReturnType<typeof parseArgs<{ allowPositionals: false; options: typeof OPTIONS }>>;
try {
  parsed = parseArgs({ options: OPTIONS });
} catch (error) {
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
const { values } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!['table', 'csv', 'json'].includes(values.format) || (values.lang && !['ko', 'en'].includes(values.lang))) {
  console.error(USAGE);
  process.exit(2);
}
const locale: Locale = (values.lang ?? process.env.LC_ALL ?? process.env.LANG ?? '').startsWith('ko') ? 'ko' : 'en';
const LABELS: Record<Locale, Record<string, string>> = {
  ko: {
    badge: '배지',
    month: '월',
    issued: '발급',
    published: '공개',
    pending: '대기',
    pendingUnder7Days: '대기<7일',
    pendingUnder30Days: '대기<30일',
    pendingOlder: '대기 30일+',
    private: '비공개',
    expired: '만료',
    revoked: '취소',
    total: '합계',
    withheld: '보류',
  },
  en: {
    badge: 'badge',
    month: 'month',
    issued: 'issued',
    published: 'published',
    pending: 'pending',
    pendingUnder7Days: 'pending<7d',
    pendingUnder30Days: 'pending<30d',
    pendingOlder: 'pending 30d+',
    private: 'private',
    expired: 'expired',
    revoked: 'revoked',
    total: 'total',
    withheld: 'withheld',
  },
};
const label = (column: string) => (column.startsWith('withheld:') ? `${LABELS[locale].withheld}:${column.slice(9)}` : (LABELS[locale][column] ?? column));

try {
  const contentDir = values.content ? path.resolve(values.content) : contentDirSetting();
  const content = loadContent(contentDir);
  const report = programReport(buildSiteModel(content, buildMoment()), content.awards);
  const columns = reportColumns(report);
  const rows = report.rows.map((r) => reportCells(r, columns));
  const total = reportCells({ ...report.totals, badge: LABELS[locale].total, month: '' }, columns);
  if (values.format === 'json') {
    console.log(JSON.stringify({ now: report.now, rows: report.rows, totals: report.totals }, null, 2));
  } else if (values.format === 'csv') {
    process.stdout.write(peopleCsv([columns, ...rows], { bom: false }));
  } else {
    const table = [columns.map(label), ...rows, total].map((cells) => cells.map(String));
    const widths = columns.map((_, i) => Math.max(...table.map((r) => [...r[i]!].length)));
    for (const [n, cells] of table.entries()) {
      console.log(cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
      if (n === 0 || n === table.length - 2) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    }
  }
  if (values.withheld) {
    const now = buildMoment();
    const details = withheldDetails(
      lookupContext(content, now, siteUrls(siteUrlSetting(process.env, contentDir)), path.relative(process.cwd(), path.join(contentDir, 'program-rules.yaml'))),
    );
    const csv = peopleCsv(
      report.withheldList.map((w) => [w.id, w.badge, w.issuedOn, w.reason, describeWithheld(details.get(w.id)!, locale, now), w.file]),
      { header: true, columns: ['award_id', 'badge', 'issued_on', 'reason', 'detail', 'file'], bom: values.withheld !== '-' },
    );
    if (values.withheld === '-') process.stdout.write(csv);
    else writeFileSync(path.resolve(values.withheld), csv);
  }
} catch (error) {
  if (error instanceof ContentError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
