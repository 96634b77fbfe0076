import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { compression } from 'vite-plugin-compression2';

const api = { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } };

export default defineConfig({
  // Brotli and gzip copies beside each file: the server sends the one the browser accepts
  // (@fastify/static preCompressed), compressed once at build time instead of per request.
  plugins: [react(), compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 1024 })],
  server: { proxy: api },
  preview: { proxy: api },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: {
      output: {
        manualChunks(id) {
          // The dashboard's charts: loaded only with the dashboard.
          if (id.includes('/@mantine/charts/') || id.includes('/recharts/')) return 'charts';
          if (id.includes('/@mantine/')) return 'mantine';
          if (/\/node_modules\/(react|react-dom|scheduler)\//.test(id)) return 'react';
          if (id.includes('/@tanstack/')) return 'tanstack';
          // The key-file signer: loaded only when someone signs with a .p12 file.
          if (id.includes('/node-forge/') || id.includes('/eds/src/')) return 'eds';
          if (id.includes('/zod/') || id.includes('/i18next') || id.includes('/react-i18next/')) {
            return 'lib';
          }
          return undefined;
        },
      },
    },
  },
});
