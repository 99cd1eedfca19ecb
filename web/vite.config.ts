// The web app's build: React through Vite, served by the sopflow API server at /app/ (api/web/web-app.ts).
// Built by scripts/build-web.ts (npm start, npm run web:build); every asset is self-hosted, nothing from a CDN.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/app/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1024 },
  logLevel: 'warn',
});
