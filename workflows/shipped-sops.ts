// The SOP packs this worker ships, as JSON text by content hash. This file is the placeholder: a worker's bundle
// replaces it with the packs of its sop-definitions/ (worker/workflow-bundle.ts), so a case reads a shipped SOP
// from the code it runs and its history carries only the hash.
export const shippedSopTexts: Readonly<Record<string, string>> = {};
