// Preloaded by every sopflow workflow bundle (worker/workflow-bundle.ts): zod, evaluated once per V8 context and
// shared by every workflow the context runs. Every module a bundle does not preload is evaluated again for each
// workflow, and zod's were most of a case's start (bench:modules: 19.0 ms and 1,238 KiB per workflow before, 6.3 ms
// and 509 KiB after). zod's modules hold no state of a workflow; the schemas built on them stay per workflow,
// because zod changes a schema as it derives from it and on its first parse, which a frozen schema refuses.
//
// The SDK deep-freezes what a preload leaves (reusable-vm.js, deepFreeze). zod sets its default locale into its
// shared config on the first schema it builds (classic/schemas.js, _ensureDefaultLocale): built here, before the
// freeze, not in a workflow after it ("Cannot add property localeError, object is not extensible").
import { z } from 'zod';

export const localeSettled = !z.object({ id: z.string().min(1) }).safeParse({ id: '' }).success;
