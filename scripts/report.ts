/**
 * npm run report -- [--format table|csv|json] [--withheld FILE|-] [--lang ko|en] [--content DIR]
 *
 * Counts by badge and month: issued, published, pending (by age), private,
 * withheld by reason, expired, revoked; with --withheld, the full list of
 * withheld awards and their reasons as CSV. States as of EMBLEM_NOW.
 * Exit code: 0 done, 1 content error, 2 usage error.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { CONTENT_OPTION, loadCommandContent, parseCli, runCli } from './lib/cli.ts';

const cli = parseCli({
  command: 'report',
  usage: {
    en: `usage: npm run report -- [--format table|csv|json] [--withheld FILE|-] [--lang ko|en] [--content DIR]

Counts by badge and month: issued, published, pending (by age), private, withheld by reason, expired, revoked.
States as of EMBLEM_NOW (default: now).
  --format F       table (default), csv or json
  --withheld FILE  also write every withheld award with its reason as CSV to FILE (- for standard output)
  --content DIR    content folder (default: EMBLEM_CONTENT_DIR or ./content)
Exit: 0 done, 1 content error, 2 usage error.`,
    ko: `사용법: npm run report -- [--format table|csv|json] [--withheld 파일|-] [--lang ko|en] [--content DIR]

배지와 월별 집계: 발급, 공개, 대기(기간별), 비공개, 보류(이유별), 만료, 취소.
상태는 EMBLEM_NOW(기본값: 지금) 기준입니다.
  --format F       table(기본값), csv 또는 json
  --withheld 파일  보류된 모든 수여와 이유를 CSV로 파일에 씁니다 (-이면 표준 출력)
  --content DIR    콘텐츠 폴더 (기본값: EMBLEM_CONTENT_DIR 또는 ./content)
종료 코드: 0 완료, 1 콘텐츠 오류, 2 사용법 오류.`,
  },
  options: { format: { type: 'string', default: 'table' }, withheld: { type: 'string' }, ...CONTENT_OPTION },
});
const { values } = cli;
const format = cli.oneOf('--format', values.format!, ['table', 'csv', 'json']);
const locale = cli.lang;
const LABELS: Record<typeof locale, Record<string, string>> = {
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
const label = (column: string) =>
  column.startsWith('withheld:') ? `${LABELS[locale].withheld}:${column.slice(9)}` : (LABELS[locale][column] ?? column);

await runCli(async () => {
  const { peopleCsv } = await import('../src/lib/support/csv-safe.ts');
  const { buildMoment, siteUrlSetting } = await import('../src/lib/build-settings.ts');
  const { describeWithheld, lookupContext, withheldDetails } = await import('../src/lib/support/lookup.ts');
  const { programReport, reportCells, reportColumns } = await import('../src/lib/support/program-report.ts');
  const { buildSiteModel } = await import('../src/lib/site-model.ts');
  const { siteUrls } = await import('../src/lib/site-urls.ts');
  const { contentDir, content } = await loadCommandContent(values.content);
  const report = programReport(buildSiteModel(content, buildMoment()), content.awards);
  const columns = reportColumns(report);
  const rows = report.rows.map((r) => reportCells(r, columns));
  const total = reportCells({ ...report.totals, badge: LABELS[locale].total, month: '' }, columns);
  if (format === 'json') {
    console.log(JSON.stringify({ now: report.now, rows: report.rows, totals: report.totals }, null, 2));
  } else if (format === 'csv') {
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
      lookupContext(
        content,
        now,
        siteUrls(siteUrlSetting(process.env, contentDir)),
        path.relative(process.cwd(), path.join(contentDir, 'program-rules.yaml')),
      ),
    );
    const csv = peopleCsv(
      report.withheldList.map((w) => [
        w.id,
        w.badge,
        w.issuedOn,
        w.reason,
        describeWithheld(details.get(w.id)!, locale, now),
        w.file,
      ]),
      {
        header: true,
        columns: ['award_id', 'badge', 'issued_on', 'reason', 'detail', 'file'],
        bom: values.withheld !== '-',
      },
    );
    if (values.withheld === '-') process.stdout.write(csv);
    else writeFileSync(path.resolve(values.withheld), csv);
  }
});
