import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console: built to .build/console and served at /console/ (locally by the gateway stand-in; in AWS by
// CloudFront from S3). No inline scripts or styles, so the pages run under a strict CSP.
export default defineConfig({
  root: 'web/console',
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: '../../.build/console',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});
