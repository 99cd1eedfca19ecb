// The SOP packs a deployment ships: every pack file directly under sop-definitions/<province>/ (adopted versions
// and drafts alike), each loaded with its overlays and named by its content hash. The API lists them as its
// catalogue and workers resolve case SOPs from them by hash, so both read the same files the same way.
import fs from 'node:fs';
import path from 'node:path';
import { contentHash } from '../rules/compiler/content-hash';
import type { SopBundle } from '../rules/loader/load-sop';
import { provinceId, type ProvinceId } from '../rules/schema/common';
import { loadBundleFile } from './load-sources';

export interface ShippedPack {
  province: ProvinceId;
  file: string;
  hash: string;
  bundle: SopBundle;
}

export function loadShippedPacks(definitionsDir: string): ShippedPack[] {
  const packs: ShippedPack[] = [];
  for (const province of provinceId.options) {
    const dir = path.join(definitionsDir, province);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
      const file = path.join(dir, name);
      const bundle = loadBundleFile(file);
      if (bundle.pack.province !== province) throw new Error(`${file}: pack says province ${bundle.pack.province} but sits in ${province}/`);
      packs.push({ province, file, hash: contentHash(bundle), bundle });
    }
  }
  return packs;
}

const byDir = new Map<string, ReadonlyMap<string, SopBundle>>();

/** Hash → bundle of the shipped packs, read once per process and directory (the files do not change under a worker). */
export function shippedSopsByHash(definitionsDir: string): ReadonlyMap<string, SopBundle> {
  const dir = path.resolve(definitionsDir);
  let map = byDir.get(dir);
  if (!map) byDir.set(dir, (map = new Map(loadShippedPacks(dir).map((p) => [p.hash, p.bundle]))));
  return map;
}
