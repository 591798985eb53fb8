import { defineConfig, mergeConfig } from 'vitest/config'
import viteConfig from './vite.config.ts'

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'happy-dom',
      // Relative API URLs resolve against this origin, as in the browser.
      environmentOptions: { happyDOM: { url: 'http://localhost:5173/' } },
      include: ['tests/unit/**/*.spec.ts'],
      // On-demand Element Plus imports CSS files; let Vite transform the
      // package instead of Node loading it (and never pre-bundle a second copy).
      server: { deps: { inline: ['element-plus'] } },
      restoreMocks: true,
      // Mounting a dialog with its form takes a few seconds on a busy
      // two-core machine; 5 s (the default) failed there while passing alone.
      testTimeout: 20_000,
    },
  }),
)
