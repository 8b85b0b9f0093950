/**
 * Post-build steps, in the order the integration runs them (the privacy guard
 * always runs after all of them). Each writes files into the built site.
 */
import { writeAwardPages } from './award-pages/award-pages.ts';
import { renderCards } from './cards/cards.ts';
import type { BuildStep } from './context.ts';
import { checkDeployedRevocations } from './credentials/deployed-revocations.ts';
import { writeCredentials } from './credentials/credentials.ts';
import { writeIssuanceLog } from './credentials/issuance-log.ts';
import { writeHostingFiles } from './site-files/hosting-files.ts';
import { writeFontSubsets } from './site-files/font-subset.ts';
import { checkInternalLinks } from './checks/link-check.ts';
import { outputScan } from './checks/output-scan.ts';
import { pruneAwardFolders } from './infrastructure/recycled-output.ts';
import { writeSiteIcons } from './site-files/site-icons.ts';
import { writeStudio } from './site-files/studio.ts';
import { verifyOutput } from './checks/verify-output.ts';

/** One read of every file of the output, shared by the font subset, the CSP, the link and privacy checks and the manifest. */
const scanOutput: BuildStep = async (context) => {
  const started = performance.now();
  const scan = await outputScan(context);
  context.log(
    `output scan: ${scan.files.size} file(s), ${scan.files.size - scan.stats.unread} read and hashed (the rest known from the steps that placed them), ${scan.stats.parsed} parsed, ${scan.stats.reused} unchanged since an earlier build (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
};

export const buildSteps: BuildStep[] = [
  // Before anything is made: a build that would un-revoke what the live site shows stops here.
  checkDeployedRevocations,
  // The award pages are part of the site every later step reads.
  writeAwardPages,
  renderCards,
  writeSiteIcons,
  writeCredentials,
  // After the last step that writes award folders.
  pruneAwardFolders,
  // Right after signing: the published credentials must verify, read back from the output.
  verifyOutput,
  // The credentials are final: log what is new, appending to the published log (or stop).
  writeIssuanceLog,
  writeStudio,
  // Every page is written by now: the steps below read the output through this one scan.
  scanOutput,
  // Recipients' names on the award pages are text the font must cover.
  writeFontSubsets,
  writeHostingFiles,
  // Keep last: the files the steps above write are link targets too.
  checkInternalLinks,
];
