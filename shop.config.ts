import { defineConfig } from '@shop/plugins';
import { riskRules } from '@shop/plugin-risk';

/**
 * The shop's configuration: the plugins every process runs (the storefront's and the admin's
 * Shop, and the worker). Each entry is a plugin factory from a package, with overrides of its
 * settings (staff can change the settings in the admin; the overrides here are the starting
 * point). Validated when a process starts: a bad entry stops it with one sentence.
 */
export default defineConfig({
  plugins: [riskRules()],
});
