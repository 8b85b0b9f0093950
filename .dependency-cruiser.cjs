/**
 * The project's layering, checked by `npm test` (dependency-cruiser): no import
 * cycles, and no import upward — the domain core (src/lib) depends on nothing
 * of the build, the pages or the commands; the build steps (src/steps) on no
 * command; nothing the site ships on a test.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'An import cycle: break it with a leaf module.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-core-stays-pure',
      severity: 'error',
      comment:
        'src/lib is the pure domain core: it imports nothing of the build steps, pages, integrations, browser scripts or commands.',
      from: { path: '^src/lib/' },
      to: { path: '^(src/(steps|pages|components|layouts|integrations|browser)|scripts)/' },
    },
    {
      name: 'build-steps-below-commands',
      severity: 'error',
      comment: 'Build steps are called by commands, never the other way round.',
      from: { path: '^src/' },
      to: { path: '^scripts/' },
    },
    { name: 'no-tests-in-code', severity: 'error', from: { path: '^(src|scripts)/' }, to: { path: '^tests/' } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|\\.tmp|\\.astro)/' },
    // TypeScript 7's API is not the one dependency-cruiser reads: it parses with swc instead.
    parser: 'swc',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.mjs', '.js', '.astro', '.json'] },
  },
};
