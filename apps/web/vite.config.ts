// Vite builds the web app into dist/web, which the api serves at /; `npm run web:dev` serves it with the api proxied.
import { defineConfig } from 'vite';

const here = decodeURIComponent(new URL('.', import.meta.url).pathname);
const api = 'http://localhost:3000';

export default defineConfig({
  root: here,
  base: '/',
  // Vite transforms TSX itself (oxc); React 17+'s automatic runtime needs no React import in components.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: `${here}../../dist/web`,
    emptyOutDir: true,
    // The main chunk is React, the router, react-intl and TanStack Query (about 160 kB gzipped); the charts load
    // separately, with the dashboard.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      onwarn(warning, warn) {
        // React Server Components' "use client" markers mean nothing in a browser-only bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: {
      '/api': api,
      '/admin/queues': api,
    },
  },
});
