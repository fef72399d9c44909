// The one way the CLI writes files: the same file never both read and written, outputs checked
// before anything is written, written whole or not at all, every write error one clear line.
export { OutputFile, type StandardStreams, writeWhole } from './output.js';
export { READ_LIMITS, type ReadLimit, readBounded, readStreamBounded, spoolPipe, tooLarge } from './read.js';
export {
  descriptorOf, fileVersion, inspectOutput, type OutputKind, problemAt, refuseChangedSince, refuseExisting, refuseReplace, refuseSameFile, type Target, whyNotWritten,
} from './target.js';
