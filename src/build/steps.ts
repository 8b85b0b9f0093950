/**
 * Post-build steps, in the order the integration runs them (the privacy guard
 * always runs after all of them). Each writes files into the built site.
 */
import { writeAwardPages } from './award-pages.ts';
import { renderCards } from './cards.ts';
import type { BuildStep } from './context.ts';
import { writeCredentials } from './credentials.ts';
import { writeHostingFiles } from './hosting-files.ts';
import { writeFontSubsets } from './font-subset.ts';
import { checkInternalLinks } from './link-check.ts';
import { writeSiteIcons } from './site-icons.ts';
import { verifyOutput } from './verify-output.ts';

export const buildSteps: BuildStep[] = [
  // First: the award pages are part of the site every later step reads.
  writeAwardPages,
  // Right after: recipients' names on the award pages are text the font must cover.
  writeFontSubsets,
  renderCards,
  writeSiteIcons,
  writeCredentials,
  // Right after signing: the published credentials must verify, read back from the output.
  verifyOutput,
  writeHostingFiles,
  // Keep last: the files the steps above write are link targets too.
  checkInternalLinks,
];
