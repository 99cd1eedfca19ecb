// `sopflow validate <pack.yaml…>`: exit 0 when every file is valid; otherwise every located error on stderr.
import { loadBundle, loadOverlay } from '../../rules/loader/load-sop';
import { formatSopError, type SopError } from '../../rules/loader/sop-error';
import { InputFileError, isOverlayText, overlayFilesFor, readSopFile } from '../read-sop-files';

export function validateFiles(files: string[]): { errors: string[]; checked: number } {
  const errors: string[] = [];
  const report = (list: SopError[]): void => {
    for (const e of list) errors.push(formatSopError(e));
  };
  for (const file of files) {
    try {
      const source = readSopFile(file);
      if (isOverlayText(source.text)) {
        const result = loadOverlay(source);
        if (!result.ok) report(result.errors);
        continue;
      }
      const overlays = overlayFilesFor(file).map(readSopFile);
      const result = loadBundle(source, overlays);
      if (!result.ok) report(result.errors);
    } catch (err) {
      if (err instanceof InputFileError) errors.push(err.message);
      else throw err;
    }
  }
  return { errors: [...new Set(errors)], checked: files.length };
}

export function runValidate(files: string[]): number {
  const { errors, checked } = validateFiles(files);
  if (errors.length > 0) {
    for (const line of errors) process.stderr.write(`${line}\n`);
    process.stderr.write(`${errors.length} error${errors.length === 1 ? '' : 's'} in ${checked} file${checked === 1 ? '' : 's'}\n`);
    return 1;
  }
  process.stdout.write(`${checked} file${checked === 1 ? '' : 's'} valid\n`);
  return 0;
}
