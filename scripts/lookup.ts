/**
 * npm run lookup -- <email | candidate id | award id> [--lang ko|en] [--json] [--content DIR]
 *
 * Every award of that person with its state as the build decides it
 * (published with its URL, pending claim, private, withheld with the exact
 * rule, expired, revoked). Site URL: EMBLEM_SITE_URL, else site.url in the issuer file; moment: EMBLEM_NOW.
 * Exit code: 0 found, 1 nothing found or content error, 2 usage error.
 */
import path from 'node:path';
import { CONTENT_OPTION, loadCommandContent, parseCli, runCli } from './lib/cli.ts';

const cli = parseCli({
  command: 'lookup',
  positionals: {
    min: 1,
    max: 1,
    name: { en: 'an email, candidate id or award id', ko: '이메일, 응시자 ID 또는 수여 id' },
  },
  usage: {
    en: `usage: npm run lookup -- <email | candidate id | award id> [--lang ko|en] [--json] [--content DIR]

Lists every award of the person with its state and, when it is not published, the exact reason.
Site URL from EMBLEM_SITE_URL, else site.url in the content's issuer file; states as of EMBLEM_NOW (default: now).
  --json          print JSON
  --content DIR   content folder (default: EMBLEM_CONTENT_DIR or ./content)
Exit: 0 found, 1 nothing found or content error, 2 usage error.`,
    ko: `사용법: npm run lookup -- <이메일 | 응시자 ID | 수여 id> [--lang ko|en] [--json] [--content DIR]

그 사람의 모든 수여를 상태와 함께 보여 주고, 게시되지 않은 수여는 정확한 이유를 알려 줍니다.
사이트 URL은 EMBLEM_SITE_URL, 없으면 콘텐츠 발급 기관 파일의 site.url; 상태는 EMBLEM_NOW(기본값: 지금) 기준입니다.
  --json          JSON으로 출력합니다
  --content DIR   콘텐츠 폴더 (기본값: EMBLEM_CONTENT_DIR 또는 ./content)
종료 코드: 0 찾음, 1 찾지 못함 또는 콘텐츠 오류, 2 사용법 오류.`,
  },
  options: { json: { type: 'boolean', default: false }, ...CONTENT_OPTION },
});
const { values, positionals, lang: locale } = cli;

await runCli(async () => {
  const { buildMoment, siteUrlSetting } = await import('../src/lib/build-settings.ts');
  const { lookupAwards, lookupContext, parseLookupQuery, renderLookup } = await import('../src/lib/support/lookup.ts');
  const { siteUrls } = await import('../src/lib/site-urls.ts');
  const now = buildMoment();
  const { contentDir, content } = await loadCommandContent(values.content);
  const rulesFile = path.relative(process.cwd(), path.join(contentDir, 'program-rules.yaml'));
  const result = lookupAwards(
    lookupContext(content, now, siteUrls(siteUrlSetting(process.env, contentDir)), rulesFile),
    parseLookupQuery(positionals[0]!),
  );
  if (values.json) {
    console.log(
      JSON.stringify(
        result.entries.map((e) => ({
          id: e.award.id,
          badge: e.award.badge,
          recipient: e.award.recipient,
          issuedOn: e.award.issuedOn,
          status: e.status,
          ...(e.retiredOn ? { retiredOn: e.retiredOn } : {}),
          published: e.url !== undefined,
          ...(e.url ? { url: e.url } : {}),
          ...(e.withheld ? { withheld: { reason: e.withheld.reason } } : {}),
          file: e.file,
          notes: e.notes,
        })),
        null,
        2,
      ),
    );
  } else console.log(renderLookup(result, locale, now));
  return result.entries.length ? 0 : 1;
});
