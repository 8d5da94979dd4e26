export {
  assertPlugins,
  defineConfig,
  definePlugin,
  DEFAULT_EVENT_TIMEOUT_MS,
  DEFAULT_TIMEOUT_MS,
  settingsProblem,
  type CheckoutVerdict,
  type Plugin,
  type PluginContext,
  type PluginDefinition,
  type PluginErrorRule,
  type PluginEvent,
  type PluginFlag,
  type SettingsOverrides,
  type ShopConfig,
} from './define';
export {
  COULD_NOT_CHECK,
  pluginHost,
  type PluginHost,
  type PluginHostDeps,
  type PluginInfo,
} from './host';
export type { CheckoutAttempt } from '@shop/core';
