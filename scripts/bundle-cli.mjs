// Build step after tsc: the CLI as a few bundled files (dist/bundle/), which Node loads far faster
// than the ~200 modules of dist/cli and its dependencies (on this machine: about 90 ms of compile
// instead of about 450 ms of resolving, reading and compiling modules). Each command's code is
// split into its own chunk, loaded by the command that needs it. The library (dist/index.js and its
// .d.ts) is not bundled. The chunks sit two folders below the package root, as dist/policy/ does,
// so their paths to policies/ and dist/policies/ are the same as the unbundled modules'.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist/bundle', { recursive: true, force: true });
await build({
  entryPoints: { main: 'dist/cli/main.js' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // CommonJS dependencies (iconv-lite, saxes) require Node's built-in modules.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  // Loaded only for a PDF or a workbook, these stay packages that Node resolves from node_modules:
  // playwright-core finds its own files (browsers.json, drivers) next to its modules, and
  // exceljs's dependencies call Buffer(), which Node warns about outside node_modules only.
  external: ['playwright-core', 'exceljs'],
  logLevel: 'warning',
});
