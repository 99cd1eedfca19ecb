// The SOP packs the API serves: every pack file under sop-definitions/<province>/, loaded once with its overlays
// (the CLI's loader), by province and version. A file whose name says "proposal" is a draft, not law in force.
import fs from 'node:fs';
import path from 'node:path';
import { loadBundleFile, loadHolidayNotices } from '../../sources/load-sources';
import type { HolidayNotification } from '../../rules/schema/holiday-notification';
import { contentHash } from '../../rules/compiler/content-hash';
import type { SopBundle } from '../../rules/loader/load-sop';
import { provinceId, type ProvinceId } from '../../rules/schema/common';

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
  const packs: CataloguedPack[] = [];
  for (const province of provinceId.options) {
    const dir = path.join(definitionsDir, province);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
      const bundle = loadBundleFile(path.join(dir, name));
      if (bundle.pack.province !== province) throw new Error(`${path.join(dir, name)}: pack says province ${bundle.pack.province} but sits in ${province}/`);
      packs.push({ province, version: bundle.pack.version, proposal: /proposal/i.test(name), hash: contentHash(bundle), bundle });
    }
  }
  const byVersion = (a: CataloguedPack, b: CataloguedPack): number => a.bundle.pack.effectiveFrom.localeCompare(b.bundle.pack.effectiveFrom) || a.version.localeCompare(b.version);
  return {
    list: (province) => packs.filter((p) => p.province === province).sort(byVersion),
    get: (province, version) => packs.find((p) => p.province === province && p.version === version),
    holidayNotices: (province) => loadHolidayNotices(path.join(definitionsDir, province, 'holiday-notifications')),
  };
}
