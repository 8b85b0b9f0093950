/**
 * Build step (first): what the next publish shows as revoked, against the site
 * that is live (src/lib/lifecycle/deployed-revocations.ts). A status bit the
 * deployed list sets, or an award its revocations.json names, that this build
 * would clear without a recorded un-revocation stops the build, naming the
 * award: a ledger regenerated or edited with its digests recomputed cannot
 * quietly un-revoke a credential that earners and verifiers already hold.
 *
 * Where the deployed site is read (EMBLEM_DEPLOYED_SITE):
 *   unset     production: the site URL itself; development: not compared
 *   a URL     that site (http or https)
 *   a folder  a copy of the deployed output (the last deploy's artifact)
 *   none      not compared, said in the log (a site never deployed, a build without network)
 * A site with no status list yet (404) is a first publish: nothing to compare.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type DeployedRevocations,
  droppedRevocations,
  readDeployedRevocations,
} from '../../lib/lifecycle/deployed-revocations.ts';
import { setting } from '../../lib/settings.ts';
import { sitePaths, siteUrls } from '../../lib/site-urls.ts';
import type { BuildContext, BuildStep } from '../context.ts';

const FETCH_TIMEOUT_MS = 15_000;

/** Where to read the deployed site from, or undefined when this build does not compare. */
export function deployedSite(
  context: Pick<BuildContext, 'mode' | 'urls'>,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const chosen = setting('EMBLEM_DEPLOYED_SITE', env)?.trim();
  if (chosen) return chosen;
  return context.mode === 'production' ? context.urls.site : undefined;
}

/** A document of the deployed site as parsed JSON; undefined when the site has none (404, no file). */
async function deployedDocument(source: string, relative: string): Promise<unknown> {
  if (!/^https?:\/\//i.test(source)) {
    const file = path.resolve(source, relative);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new Error(`cannot read ${file}: ${(error as Error).message}`);
    }
    return parseJson(text, file);
  }
  const url = siteUrls(source).url(relative);
  let response: Response;
  try {
    response = await fetch(url, {
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      headers: { accept: 'application/json' },
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new Error(`cannot read ${url} (${cause})`);
  }
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return parseJson(await response.text(), url);
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${where} is not JSON`);
  }
}

export const checkDeployedRevocations: BuildStep = async (context) => {
  const { ledger, model, log } = context;
  const source = deployedSite(context);
  if (!source) return;
  if (source === 'none') {
    log('deployed revocations: not compared (EMBLEM_DEPLOYED_SITE=none)');
    return;
  }
  let deployed: DeployedRevocations | undefined;
  try {
    const statusList = await deployedDocument(source, sitePaths.statusList());
    if (statusList !== undefined)
      deployed = await readDeployedRevocations(
        statusList,
        await deployedDocument(source, sitePaths.ob2RevocationList()),
      );
  } catch (error) {
    throw new Error(
      `Cannot compare with the deployed site: ${(error as Error).message}. Nothing was published. Set EMBLEM_DEPLOYED_SITE to a copy of the deployed site (a folder or URL), or to none for a site never deployed.`,
    );
  }
  if (!deployed) {
    log(`deployed revocations: ${source} has no status list yet (a first publish): nothing to compare`);
    return;
  }
  const problems = droppedRevocations(deployed, ledger, model.now);
  if (problems.length) {
    const lines = problems.slice(0, 30).map((p) => `  ${p.award ? `award ${p.award} ` : ''}${p.message}`);
    if (problems.length > 30) lines.push(`  … and ${problems.length - 30} more`);
    throw new Error(
      `This build would un-revoke what the deployed site (${source}) shows as revoked; nothing was published:\n${lines.join('\n')}\n` +
        'Restore the ledger and the records from git (git log -p content/ledger.jsonl shows the change); to un-revoke on purpose, use npm run unrevoke -- <award id> --reason "…" --write.',
    );
  }
  log(
    `deployed revocations: the ${deployed.setIndexes.length} status bit(s) set on ${source} stay set or were un-revoked on record`,
  );
};
