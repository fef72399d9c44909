// The second entry point to the core, for what the CLI needs before it knows its command (its
// start, --help and --version): the error types and the text helpers, and nothing that loads a
// parser or a schema library. The bundler gives code reached through src/index.ts to every
// command that imports it, so code run by every invocation reaches the core only through here.
export { CancelledError, InputError, type Problem, problemLine } from './errors/problem.js';
export { defaultLang, type Lang } from './report/i18n.js';
export { displayWidth, wrapLines, wrapParagraph } from './report/wrap.js';
export { shellArg, terminalText } from './values/display.js';
export { closest } from './values/suggest.js';
