/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The app is a static site: `npm run build` writes dist/ for any intranet web server.
// `base: './'` keeps every asset path relative so it can live under any sub-path.
export default defineConfig({
  base: './',
  plugins: [react()],
  server: { fs: { allow: ['.'] } },
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 20000,
  },
});
