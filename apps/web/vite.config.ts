// Vite build of the web app: apps/web → dist/web (served by the API at /). Offline-safe: no CDN, no external
// fonts; CSP-safe: the Vue runtime-only build (templates compiled here) and no inline script in index.html.
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [vue()],
  define: {
    __VUE_OPTIONS_API__: 'true',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  build: {
    outDir: here('../../dist/web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // No inline data: URIs (CSP img-src/font-src 'self'); every asset is a hashed file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        entryFileNames: 'assets/[name]-[hash].js',
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
        // Element Plus and Vue in one vendor chunk shared by every page; ECharts stays in the 领导看板's lazy chunk.
        advancedChunks: {
          groups: [{ name: 'vendor', test: /[\\/]node_modules[\\/](element-plus|@element-plus|@floating-ui|lodash-es|lodash-unified|async-validator|dayjs|@vue|vue|vue-router|@ctrl|@sxzz|memoize-one|normalize-wheel-es|@popperjs)[\\/]/ }],
        },
      },
    },
  },
  server: { proxy: {} },
});
