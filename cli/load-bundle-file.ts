// Reads a pack file and the overlay files beside it, and loads them as one bundle (or throws the located errors).
import { loadBundle, type SopBundle } from '../rules/loader/load-sop';
import { formatSopError } from '../rules/loader/sop-error';
import { overlayFilesFor, readSopFile } from './read-sop-files';

export class SopLoadError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

export function loadBundleFile(packFile: string): SopBundle {
  const result = loadBundle(readSopFile(packFile), overlayFilesFor(packFile).map(readSopFile));
  if (!result.ok) throw new SopLoadError(result.errors.map(formatSopError));
  return result.value;
}
