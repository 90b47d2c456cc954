/**
 * The language server's layering, checked by dependency-cruiser (`npm run lint:deps`;
 * test/unit/layering.test.ts runs the same check in `npm test`).
 *
 * From the bottom up:
 *   parser/    the Dockerfile parser: depends on nothing of ours
 *   protocol/  custom requests, payload types, the settings schema (the client imports it)
 *   docs/      the instruction table and the locale
 *   model/     the semantic model
 *   rules/     the lint rules, their registry and engine
 *   config/    the project's config file (.dockerfile-lens.json, .hadolint.yaml): CLI and server
 *   images/    base images (registry, engine, cache);  layers/ the layer-size estimates
 *   features/  one LSP feature a file
 *   cli/, cli.ts          the command line
 *   server.ts, session.ts the wiring: may import anything
 * and client/src, which sees the server only through protocol/.
 *
 * Type-only imports count (tsPreCompilationDeps): a layer that needs a type from
 * above it has the same problem as one that needs a value.
 */

/** server/src/... folders (and top-level files) as a regular-expression alternative. */
const SRC = '^server/src/';
const under = (...folders) => `${SRC}(${folders.join('|')})/`;

module.exports = {
  forbidden: [
    {
      name: 'parser-is-self-contained',
      comment:
        'parser/ is the bottom layer and is bundled alone (out/lib/parser.js, for the benchmarks): ' +
        'it may import only parser/ and node builtins - no other folder of ours, no npm package.',
      severity: 'error',
      from: { path: '^server/src/parser/' },
      to: { pathNot: '^server/src/parser/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'protocol-is-self-contained',
      comment:
        'protocol/ is shared with the client (client/src imports it), so it must not pull in ' +
        'server code: it imports only protocol/ itself.',
      severity: 'error',
      from: { path: '^server/src/protocol/' },
      to: { path: SRC, pathNot: '^server/src/protocol/' },
    },
    {
      name: 'protocol-npm-only-lsp-protocol',
      comment:
        'protocol/ is bundled into the client too: of npm packages it may use only ' +
        'vscode-languageserver-protocol and vscode-jsonrpc (no server-side package such as vscode-languageserver).',
      severity: 'error',
      from: { path: '^server/src/protocol/' },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown'],
        pathNot: 'node_modules/(vscode-languageserver-protocol|vscode-jsonrpc)/',
      },
    },
    {
      name: 'docs-below-model',
      comment: 'docs/ (instruction table, locale) sits below the model: it imports only docs/, parser/ and protocol/.',
      severity: 'error',
      from: { path: '^server/src/docs/' },
      to: { path: SRC, pathNot: under('docs', 'parser', 'protocol') },
    },
    {
      name: 'model-below-rules-and-features',
      comment:
        'model/ is the semantic model every upper layer shares: it imports only model/, parser/, docs/ ' +
        'and protocol/ (npm packages and node builtins are fine). A helper the rules or features share belongs here.',
      severity: 'error',
      from: { path: '^server/src/model/' },
      to: { path: SRC, pathNot: under('model', 'parser', 'docs', 'protocol') },
    },
    {
      name: 'rules-below-features',
      comment: 'rules/ imports only rules/, model/, parser/, docs/ and protocol/: never layers/, images/, features/, cli/ or the wiring.',
      severity: 'error',
      from: { path: '^server/src/rules/' },
      to: { path: SRC, pathNot: under('rules', 'model', 'parser', 'docs', 'protocol') },
    },
    {
      name: 'rule-file-not-to-rule-file',
      comment:
        'A rule file (rules/<Name>.ts) stands alone: inside rules/ it imports only rules/types.ts and rules/util/*. ' +
        'What two rules share belongs in the model (or rules/util); only rules/groups/*, rules/registry.ts and ' +
        'rules/engine.ts put rules together.',
      severity: 'error',
      from: { path: '^server/src/rules/[^/]+\\.ts$', pathNot: '^server/src/rules/(types|registry|engine)\\.ts$' },
      to: { path: '^server/src/rules/', pathNot: '^server/src/rules/(types\\.ts$|util/)' },
    },
    {
      name: 'config-above-rules',
      comment:
        'config/ (the .dockerfile-lens.json / .hadolint.yaml loader the CLI and the server share) sits on the rules: ' +
        'it imports only config/, rules/, model/, parser/, docs/ and protocol/; the CLI and the wiring use it, features never do.',
      severity: 'error',
      from: { path: '^server/src/config/' },
      to: { path: SRC, pathNot: under('config', 'rules', 'model', 'parser', 'docs', 'protocol') },
    },
    {
      name: 'layers-images-below-features',
      comment:
        'layers/ and images/ compute sizes from the model; features/, cli/ and the server use them. ' +
        'They import no rules/, config/, features/, cli/, cli.ts, session.ts or server.ts.',
      severity: 'error',
      from: { path: '^server/src/(layers|images)/' },
      to: { path: '^server/src/(rules/|config/|features/|cli/|cli\\.ts$|session\\.ts$|server\\.ts$)' },
    },
    {
      name: 'images-not-to-layers',
      comment: 'images/ (base images: registry, engine, cache) sits below layers/: layers/ may import images/, not the reverse.',
      severity: 'error',
      from: { path: '^server/src/images/' },
      to: { path: '^server/src/layers/' },
    },
    {
      name: 'features-allowed-layers',
      comment:
        'features/ may import model/, parser/, docs/, protocol/, layers/, images/ and, of rules/, only ' +
        'engine.ts, registry.ts and types.ts (never a rule file, rules/util or rules/groups, nor cli/ or the wiring).',
      severity: 'error',
      from: { path: '^server/src/features/' },
      to: {
        path: SRC,
        pathNot: [
          under('model', 'parser', 'docs', 'protocol', 'layers', 'images', 'features'),
          '^server/src/rules/(engine|registry|types)\\.ts$',
        ],
      },
    },
    {
      name: 'feature-not-to-feature',
      comment:
        'A feature file must not import another feature file: each feature is independent and the wiring ' +
        '(server.ts) combines them. A helper two features share belongs in the model (or protocol/ for a shared type).',
      severity: 'error',
      from: { path: '^server/src/features/' },
      to: { path: '^server/src/features/' },
    },
    {
      name: 'cli-not-to-wiring',
      comment: 'cli/ and cli.ts may import anything in server/src except the LSP wiring (server.ts, session.ts).',
      severity: 'error',
      from: { path: '^server/src/(cli/|cli\\.ts$)' },
      to: { path: '^server/src/(server|session)\\.ts$' },
    },
    {
      name: 'client-only-protocol',
      comment:
        'The client runs in the extension host and talks to the server over LSP: of server/src it imports ' +
        'only protocol/ (requests, payload types, settings).',
      severity: 'error',
      from: { path: '^client/src/' },
      to: { path: '^server/src/', pathNot: '^server/src/protocol/' },
    },
    {
      name: 'no-circular-across-folders',
      comment:
        'No import cycle may pass through more than one folder of server/src (or the client): a cycle between ' +
        'folders means two layers depend on each other.',
      severity: 'error',
      from: { path: '^((server|client)/src/[^/]+)' },
      to: { circular: true, via: { pathNot: '^$1(/|$)' } },
    },
    {
      name: 'no-circular-folders',
      comment: 'No cycle between folders either, even when no single chain of modules closes it.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(server|client)/src' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        'An import dependency-cruiser cannot resolve could hide a forbidden dependency (tsc would fail on it too).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // node_modules is never cruised (doNotFollow), but imports of npm packages stay in the graph so
    // that protocol-npm-only-lsp-protocol can see them; `exclude` would drop them altogether.
    doNotFollow: { path: '(^|/)node_modules/' },
    exclude: { path: '^(out|dist|test/e2e/node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // resolve package.json "exports" (vscode-languageclient/node, vscode-languageserver/node) as Node does
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['require', 'node', 'default', 'types'],
    },
  },
};
