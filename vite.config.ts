// The web app's build and dev server. The dev server forwards /api to the API on port 3000
// without rewriting the Host header, so the server's same-origin (CSRF) check still passes.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // Two entries: the app (antd) and the public showcase (React only, light for phones).
    rollupOptions: { input: { main: 'index.html', public: 'public.html' } },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
});
