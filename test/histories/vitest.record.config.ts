// `npm run histories:record`: the suite's servers and worker, running only the recorder. The suite's own config
// splits its files into projects, each with its own include, so the recorder is a config of its own (not an
// include over the base config, which ran the whole suite and recorded nothing).
import { defineConfig } from 'vitest/config';
import base from '../../vitest.config';

export default defineConfig({
  test: {
    testTimeout: base.test?.testTimeout,
    hookTimeout: base.test?.hookTimeout,
    include: ['test/histories/record-histories.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/support/quiet-runtime.ts'],
  },
});
