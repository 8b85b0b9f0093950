/**
 * The studio's files under /studio/: the page, the CMS's bundle (copied from
 * node_modules by the build, never from a CDN), the generated configuration
 * and the editor components. The page is `noindex` and not in the sitemap;
 * its Content-Security-Policy is its own (studioContentSecurityPolicy).
 */
import type { StudioComponent } from './studio-config.ts';

export const STUDIO_DIR = 'studio';

/** Files written into /studio/ besides the copied ones. */
export const STUDIO_FILES = {
  page: 'index.html',
  config: 'config.yml',
  cms: 'sveltia-cms.js',
  components: 'studio-components.js',
  start: 'studio.js',
  manualInit: 'manual-init.js',
  fonts: 'fonts.css',
} as const;

/**
 * Fonts the CMS names but would fetch from a CDN: its icon font (the same
 * file, from its npm package) and, for Korean text, Pretendard (the site's own
 * font) behind the CMS's interface font. Keys: file names under /studio/fonts/.
 */
export const STUDIO_FONTS: Record<string, [pkg: string, file: string]> = {
  'material-symbols-outlined.woff2': [
    '@fontsource-variable/material-symbols-outlined',
    'files/material-symbols-outlined-latin-wght-normal.woff2',
  ],
  'pretendard.woff2': ['pretendard', 'dist/web/variable/woff2/PretendardVariable.woff2'],
};

/**
 * The stylesheet for those fonts. It is loaded after the CMS's own styles (by
 * studio.js), so its faces are the later ones and win over the CDN ones.
 */
export function studioFontsCss(): string {
  return `@font-face{font-family:'Material Symbols Outlined';font-style:normal;font-display:block;font-weight:400;src:url(fonts/material-symbols-outlined.woff2) format('woff2')}
@font-face{font-family:'Emblem Pretendard';font-style:normal;font-display:swap;font-weight:45 920;src:url(fonts/pretendard.woff2) format('woff2')}
html:root{--sui-font-family-default:"Source Sans 3","Emblem Pretendard",system-ui,sans-serif}
`;
}

/** The page: no inline script (the policy allows none), the CMS's bundle, then our components and init. */
export function studioPage(): string {
  return `<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>편집 스튜디오 (Editing studio)</title>
<link href="${STUDIO_FILES.config}" type="application/yaml" rel="cms-config-url">
<script src="${STUDIO_FILES.manualInit}"></script>
<script src="${STUDIO_FILES.cms}"></script>
<script type="module" src="${STUDIO_FILES.start}"></script>
</head>
<body>
<noscript>편집 스튜디오는 JavaScript가 필요합니다. (The editing studio needs JavaScript.)</noscript>
</body>
</html>
`;
}

/** Classic script before the bundle: the CMS waits for studio.js to register the components. */
export const MANUAL_INIT_SCRIPT = 'window.CMS_MANUAL_INIT = true;\n';

/** The module that registers the editor components, then starts the CMS. */
export function studioStartScript(
  components: readonly StudioComponent[],
  cms: { version: string; interfaceLocales: readonly string[] },
): string {
  return `// Written by the Emblem build (src/lib/studio/studio-page.ts).
import { registerStudioComponents, seedInterfaceStrings } from './${STUDIO_FILES.components}';

await seedInterfaceStrings(${JSON.stringify(cms.version)}, ${JSON.stringify(cms.interfaceLocales)});
registerStudioComponents(window.CMS, ${JSON.stringify(components)});
// The CMS adds a viewport tag that forbids zooming (axe: meta-viewport); editors who need to zoom can.
new MutationObserver(() => {
  for (const meta of document.querySelectorAll('meta[name="viewport"]'))
    if (/maximum-scale|user-scalable/.test(meta.content)) meta.content = 'width=device-width, initial-scale=1';
}).observe(document.head, { childList: true, subtree: true, attributes: true });
await window.CMS.init();
// After the CMS's styles: these font faces are defined last, so they are the ones used.
const fonts = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: new URL('${STUDIO_FILES.fonts}', import.meta.url).href });
document.body.append(fonts);
`;
}
