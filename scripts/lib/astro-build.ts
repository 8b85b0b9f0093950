/**
 * Astro's build alone, run by scripts/build.ts as a child process (the
 * post-build steps run in the parent once this process has exited). The
 * integration writes the hand-over file when the pages are done; a failure is
 * written to the same file, for the parent to report.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { astroRootSetting } from '../../src/lib/build-settings.ts';
import { setting } from '../../src/lib/settings.ts';
import { primeContent } from '../../src/lib/content/content-files.ts';
import type { Content } from '../../src/lib/content/content-model.ts';

export interface AstroFailure {
  error: string;
}

/** What the build script sends this process: the content it read, with the signature taken before reading. */
export type ContentMessage =
  | { contentDir: string; signature: string; content: Content }
  | { contentDir?: undefined; signature?: undefined; content?: undefined };

const handoff = process.env.EMBLEM_STEPS_HANDOFF;
if (!handoff) {
  console.error('scripts/lib/astro-build.ts is run by scripts/build.ts (npm run build), not by hand.');
  process.exit(2);
}
try {
  const astro = import('astro');
  astro.catch(() => {});
  // The build script reads and checks the content while this process starts, and sends it (or, when it
  // could not, nothing: then Astro's integration reads it and reports what is wrong).
  if (process.send) {
    const sent = await new Promise<ContentMessage>((resolve) =>
      process.once('message', (message) => resolve(message as ContentMessage)),
    );
    process.disconnect?.();
    if (sent.content) primeContent(sent.contentDir, sent.signature, sent.content);
  }
  const { build } = await astro;
  // Astro's working folder (its .astro/) may be another folder than the project; the config and the sources stay the project's.
  const root = astroRootSetting();
  await build({
    root,
    // Astro joins the config file's name to the root.
    configFile: path.relative(root, path.join(process.cwd(), 'astro.config.mjs')),
    logLevel: setting('EMBLEM_LOG_LEVEL') === 'silent' ? 'silent' : 'info',
  });
} catch (error) {
  const failure: AstroFailure = { error: error instanceof Error ? error.message : String(error) };
  writeFileSync(handoff, JSON.stringify(failure));
  process.exit(1);
}
