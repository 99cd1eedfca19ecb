// The SOP packs the API serves: every pack file under sop-definitions/<province>/, loaded once with its overlays
// (the CLI's loader), by province and version. A file whose name says "proposal" is a draft, not law in force.
import path from 'node:path';
import { loadHolidayNotices } from '../../sources/load-sources';
import type { HolidayNotification } from '../../rules/schema/holiday-notification';
import { loadShippedPacks } from '../../sources/shipped-packs';
import type { SopBundle } from '../../rules/loader/load-sop';
import type { ProvinceId } from '../../rules/schema/common';

export interface CataloguedPack {
  province: ProvinceId;
  version: string;
  proposal: boolean;
  hash: string;
  bundle: SopBundle;
}

export interface SopCatalogue {
  list(province: ProvinceId): CataloguedPack[];
  get(province: ProvinceId, version: string): CataloguedPack | undefined;
  /**
   * The province's holiday notices (sop-definitions/<province>/holiday-notifications/*.yaml), read when asked so a
   * notice filed after the API started reaches the cases opened from then on.
   */
  holidayNotices(province: ProvinceId): HolidayNotification[];
}

export function loadSopCatalogue(definitionsDir: string): SopCatalogue {
  const packs: CataloguedPack[] = loadShippedPacks(definitionsDir).map(({ province, file, hash, bundle }) => ({
    province,
    version: bundle.pack.version,
    proposal: /proposal/i.test(path.basename(file)),
    hash,
    bundle,
  }));
  const byVersion = (a: CataloguedPack, b: CataloguedPack): number => a.bundle.pack.effectiveFrom.localeCompare(b.bundle.pack.effectiveFrom) || a.version.localeCompare(b.version);
  return {
    list: (province) => packs.filter((p) => p.province === province).sort(byVersion),
    get: (province, version) => packs.find((p) => p.province === province && p.version === version),
    holidayNotices: (province) => loadHolidayNotices(path.join(definitionsDir, province, 'holiday-notifications')),
  };
}
