import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The client lives in client/; the server (server/main.ts) serves dist/client.
// In development the server mounts Vite as middleware, so /ws is always same-origin.
export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: true,
    // ALLO_NO_MINIFY=1: readable function names in CPU profiles (bench/stage-frames.ts --profile).
    minify: process.env.ALLO_NO_MINIFY ? false : undefined,
    target: 'es2022',
    // No modulepreload polyfill in the initial JavaScript: the link is a hint (Baseline since 2023), and a
    // browser without it loads the same lazy chunks, only when they are imported.
    modulePreload: { polyfill: false },
  },
  test: {
    root: '.',
    include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'client/**/*.test.{ts,tsx}', 'bench/**/*.test.ts'],
    environment: 'node',
    // Two files at a time, on the two cores CI has: Vitest's default leaves one core idle (one worker on a
    // two-core machine), and the suite, mostly waiting on real sockets, took 154 s instead of 84 s.
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
