// Reads and validates the tools' input files: packs with their overlays, cohort specs (checked against the packs
// they run under), history logs, scenarios and facts. Each either returns the parsed input or throws one
// SourceError listing every located problem. Parsing from text stays in the pure loaders; this is the I/O edge.
import fs from 'node:fs';
import path from 'node:path';
import { calendarCoverageWarnings } from '../rules/loader/calendar-coverage-warnings';
import { loadHolidayNotifications } from '../rules/loader/load-holiday-notifications';
import type { HolidayNotification } from '../rules/schema/holiday-notification';
import { loadBundle, loadOverlay, type SopBundle } from '../rules/loader/load-sop';
import { formatPath } from '../rules/loader/sop-error';
import { locate, parseYamlSource } from '../rules/loader/yaml-source';
import { loadScenario } from '../rules/scenarios/load-scenario';
import type { Scenario } from '../rules/schema/scenario';
import type { SopPack } from '../rules/schema/sop-pack';
import type { CohortSpec } from '../simulator/cohort/cohort-spec';
import { checkCohortAgainstPack, loadCohort } from '../simulator/cohort/load-cohort';
import { importHistory } from '../simulator/history/import-history';
import type { CaseScript } from '../simulator/simulation-types';
import { fromHistoryError, SourceError, type LocatedProblem } from './located-error';
import { fileSystemReader, type SourceReader, type SourceText } from './source-reader';

export interface LoadOptions {
  reader?: SourceReader;
}

/** A pack with the overlay files given, or with the overlays beside it when none are given. */
export function loadBundleFile(packFile: string, options: LoadOptions & { overlays?: readonly string[] } = {}): SopBundle {
  const reader = options.reader ?? fileSystemReader;
  return bundleOf(reader.read(packFile, 'sop'), packFile, reader, options.overlays);
}

/** The one place a pack is loaded with its overlays: the pack's text is already read (validate reads it first). */
function bundleOf(pack: SourceText, packFile: string, reader: SourceReader, overlays?: readonly string[]): SopBundle {
  const overlayFiles = overlays && overlays.length > 0 ? overlays : reader.overlaysBeside(packFile);
  const result = loadBundle(pack, overlayFiles.map((f) => reader.read(f, 'sop')));
  if (!result.ok) throw new SourceError(result.errors);
  return result.value;
}

/** A pack file and where problems with it are reported. */
export interface NamedBundle {
  path: string;
  bundle: SopBundle;
}

/** A cohort spec, valid in itself and against every pack it will run under. */
export function loadCohortFile(file: string, packs: readonly NamedBundle[], options: LoadOptions = {}): CohortSpec {
  const loaded = loadCohort((options.reader ?? fileSystemReader).read(file, 'cohort'));
  if (!loaded.ok) throw new SourceError(loaded.errors);
  const problems = packs.flatMap((p) => checkCohortAgainstPack(loaded.value, p.bundle, p.path));
  if (problems.length > 0) throw new SourceError(problems);
  return loaded.value.spec;
}

/** A history log as the case scripts a simulation replays, checked against the pack it was recorded under. */
export function loadHistoryFile(file: string, pack: SopPack, options: LoadOptions = {}): CaseScript[] {
  const source = (options.reader ?? fileSystemReader).read(file, 'history');
  const imported = importHistory(source.file, source.text, { pack });
  if (!imported.ok) throw new SourceError(imported.errors.map(fromHistoryError));
  return imported.scripts;
}

export function loadScenarioFile(file: string, options: LoadOptions = {}): Scenario {
  const loaded = loadScenario((options.reader ?? fileSystemReader).read(file, 'scenario'));
  if (!loaded.ok) throw new SourceError(loaded.errors);
  return loaded.value;
}

/** A facts file's JSON, not yet checked against the facts schema (the caller knows which one applies). */
export function loadFactsFile(file: string, options: LoadOptions = {}): unknown {
  const source = (options.reader ?? fileSystemReader).read(file, 'facts');
  try {
    return JSON.parse(source.text) as unknown;
  } catch (err) {
    throw new SourceError([{ file: source.file, message: `not JSON (${(err as Error).message})` }]);
  }
}

const isOverlayText = (text: string): boolean => /^kind:\s*sop-overlay\s*$/m.test(text);
const isCohortText = (text: string): boolean => /^kind:\s*cohort\s*$/m.test(text);
const isHolidaysText = (text: string): boolean => /^kind:\s*holiday-notifications\s*$/m.test(text);

/**
 * Every problem with one file given to `validate`, as what it is: a cohort spec or an overlay on its own, a pack
 * together with the overlays beside it.
 */
export function checkSourceFile(file: string, options: LoadOptions = {}): LocatedProblem[] {
  return checkSourceFileWithWarnings(file, options).problems;
}

/**
 * As checkSourceFile, with the warnings a valid pack earns (a deadline that can fall in a year a holiday
 * calendar does not cover): they are printed but do not make the pack invalid.
 */
export function checkSourceFileWithWarnings(file: string, options: LoadOptions = {}): { problems: LocatedProblem[]; warnings: LocatedProblem[] } {
  const reader = options.reader ?? fileSystemReader;
  const problems = checkOne(file, reader);
  if (problems.length > 0) return { problems, warnings: [] };
  const source = reader.read(file, 'sop');
  if (isCohortText(source.text) || isOverlayText(source.text) || isHolidaysText(source.text)) return { problems, warnings: [] };
  const bundle = bundleOf(source, file, reader);
  const yaml = parseYamlSource(source.file, source.text).source;
  const warnings = calendarCoverageWarnings(bundle.pack, bundle.overlays).map((w) => ({
    file: source.file,
    ...(yaml ? locate(yaml, w.path) : { line: 1, col: 1 }),
    path: formatPath(w.path),
    message: `warning: ${w.message}`,
  }));
  return { problems, warnings };
}

function checkOne(file: string, reader: SourceReader): LocatedProblem[] {
  try {
    const source = reader.read(file, 'sop');
    if (isCohortText(source.text)) {
      const result = loadCohort(source);
      return result.ok ? [] : result.errors;
    }
    if (isOverlayText(source.text)) {
      const result = loadOverlay(source);
      return result.ok ? [] : result.errors;
    }
    if (isHolidaysText(source.text)) {
      const result = loadHolidayNotifications(source);
      return result.ok ? [] : result.errors;
    }
    bundleOf(source, file, reader);
    return [];
  } catch (err) {
    if (err instanceof SourceError) return [...err.problems];
    throw err;
  }
}

/** A holiday-notifications file's notices, each with the file's province. */
export function loadHolidayNotificationsFile(file: string, options: LoadOptions = {}): HolidayNotification[] {
  const loaded = loadHolidayNotifications((options.reader ?? fileSystemReader).read(file, 'holidays'));
  if (!loaded.ok) throw new SourceError(loaded.errors);
  return loaded.value;
}

/** Where a province's notices live: sop-definitions/<province>/holiday-notifications/*.yaml, beside its packs. */
export function holidayNotificationsDirOf(packFile: string): string {
  return path.join(path.dirname(path.resolve(packFile)), 'holiday-notifications');
}

/**
 * Every notice in a file, or in each YAML file of a directory (in name order); a directory that does not exist
 * has none. An id given twice with different content is an error naming both files.
 */
export function loadHolidayNotices(fileOrDir: string, options: LoadOptions = {}): HolidayNotification[] {
  if (!fs.existsSync(fileOrDir)) return [];
  const files = fs.statSync(fileOrDir).isDirectory()
    ? fs.readdirSync(fileOrDir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(fileOrDir, f))
    : [fileOrDir];
  const byId = new Map<string, { n: HolidayNotification; file: string }>();
  for (const file of files) {
    for (const n of loadHolidayNotificationsFile(file, options)) {
      const seen = byId.get(n.id);
      if (seen && JSON.stringify(seen.n) !== JSON.stringify(n)) {
        throw new SourceError([{ file, message: `notification id ${n.id} is also in ${seen.file} with other content` }]);
      }
      byId.set(n.id, { n, file });
    }
  }
  return [...byId.values()].map((v) => v.n);
}
