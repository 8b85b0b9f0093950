/**
 * npm run lookup -- <email | candidate id | award id> [--lang ko|en] [--json] [--content DIR]
 *
 * Every award of that person with its state as the build decides it
 * (published with its URL, pending claim, private, withheld with the exact
 * rule, expired, revoked). Site URL: EMBLEM_SITE_URL, else site.url in the issuer file; moment: EMBLEM_NOW.
 * Exit code: 0 found, 1 nothing found or content error, 2 usage error.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildMoment, contentDirSetting, siteUrlSetting } from '../src/lib/build-settings.ts';
import { loadContent } from '../src/lib/content/content-files.ts';
import { ContentError } from '../src/lib/content/content-model.ts';
import { lookupAwards, lookupContext, parseLookupQuery, renderLookup } from '../src/lib/support/lookup.ts';
import type { Locale } from '../src/lib/content/schema.ts';
import { siteUrls } from '../src/lib/site-urls.ts';

const USAGE = `usage: npm run lookup -- <email | candidate id | award id> [--lang ko|en] [--json] [--content DIR]

  Lists every award of the person with its state and, when it is not published, the exact reason.
  Site URL from EMBLEM_SITE_URL, else site.url in the content's issuer file; states as of EMBLEM_NOW (default: now).`;
const OPTIONS = {
  lang: { type: 'string' },
  json: { type: 'boolean', default: false },
  content: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

let parsed: ReturnType<typeof parseArgs<{ allowPositionals: true; options: typeof OPTIONS }>>;
try {
  parsed = parseArgs({ allowPositionals: true, options: OPTIONS });
} catch (error) {
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (positionals.length !== 1 || (values.lang && !['ko', 'en'].includes(values.lang))) {
  console.error(USAGE);
  process.exit(2);
}
const locale: Locale = (values.lang ?? process.env.LC_ALL ?? process.env.LANG ?? '').startsWith('ko') ? 'ko' : 'en';
const contentDir = values.content ? path.resolve(values.content) : contentDirSetting();
const now = buildMoment();

try {
  const content = loadContent(contentDir);
  const rulesFile = path.relative(process.cwd(), path.join(contentDir, 'program-rules.yaml'));
  const result = lookupAwards(lookupContext(content, now, siteUrls(siteUrlSetting(process.env, contentDir)), rulesFile), parseLookupQuery(positionals[0]!));
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
  process.exit(result.entries.length ? 0 : 1);
} catch (error) {
  if (error instanceof ContentError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
