// `npm run histories:record`: the suite's servers and worker, running only the recorder.
import { defineConfig } from 'vitest/config';
import base from '../../vitest.config';

export default defineConfig({ test: { ...base.test, include: ['test/histories/record-histories.ts'] } });
