import type {
  CheckoutAttempt,
  Clock,
  DomainEventOf,
  DomainEventType,
  FlagOutcome,
  PaymentCard,
} from '@shop/core';
import type { Database } from '@shop/db/client';
import { ConfigError } from '@shop/env';
import type { Logger } from '@shop/logger';
import type { z } from 'zod';

/**
 * What a plugin does when its checkout hook throws or runs past `timeoutMs` (the documented
 * rule; the error is logged with the plugin's name either way):
 * - `proceed` (default): the order goes ahead, flagged `plugin_failed` by the plugin, so staff
 *   see it was not checked;
 * - `hold`: the order goes ahead, flagged the same way and held for review;
 * - `refuse`: the checkout is refused with "We could not check this order; please try again."
 */
export type PluginErrorRule = 'proceed' | 'hold' | 'refuse';

/** A flag a plugin raises (the plugin's name is its source). `code` is stable, `reason` for staff. */
export interface PluginFlag {
  code: string;
  reason: string;
  data?: Record<string, unknown>;
}

/** A checkout hook's answer; nothing (undefined) means "no objection". */
export interface CheckoutVerdict {
  /** A sentence for the shopper: the checkout is refused and nothing is held. */
  veto?: string;
  flags?: PluginFlag[];
  /** Hold the order for review once it is placed. */
  hold?: boolean;
  holdReason?: string;
}

/** An event as a handler gets it: the catalog's payload with the outbox id and time. */
export type PluginEvent<T extends DomainEventType = DomainEventType> = DomainEventOf<T> & {
  id: number;
  occurredAt: Date;
};

/** What every hook and handler of a plugin is given. */
export interface PluginContext<Settings> {
  /** The plugin's name (its flags' source). */
  name: string;
  /** The plugin's schema applied to: defaults ← the config's overrides ← staff's saved settings. */
  settings: Settings;
  /** The Shop's primary database handle. */
  db: Database;
  /** The Shop's logger, every line with `plugin: <name>`. */
  logger: Logger;
  clock: Clock;
  /** Aborted when the hook or handler ran past its time; long work should stop. */
  signal: AbortSignal;
  /**
   * Flags an order (idempotent per code) and with `hold` holds it for review; timeline entries
   * `flagged`/`held` say so.
   */
  flagOrder(
    orderId: number,
    flags: readonly PluginFlag[],
    options?: { hold?: boolean; holdReason?: string },
  ): Promise<FlagOutcome>;
  /** The payment provider's card lookup (Stripe), where there is one; null otherwise. */
  payments: { getCard(providerRef: string): Promise<PaymentCard | null> } | null;
}

type Settings<S> = S extends z.ZodType ? z.output<S> : Record<string, never>;

/**
 * The config's overrides of a plugin's settings: a deep partial of the schema's input (every
 * field optional at every level; arrays replaced whole), typed from the schema, never `any`.
 */
export type SettingsOverrides<S> = S extends z.ZodType ? DeepPartial<z.input<S>> : never;
type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

export interface PluginDefinition<S extends z.ZodObject | undefined> {
  /** Unique among the shop's plugins: lower-case letters, digits and dashes ("risk-rules"). */
  name: string;
  /** A zod object whose every field has a default, so the plugin runs unconfigured. */
  settings?: S;
  /** Reviews a checkout attempt before anything is held: veto, flag, hold, or nothing. */
  checkout?: (
    attempt: CheckoutAttempt,
    ctx: PluginContext<Settings<S>>,
  ) => CheckoutVerdict | void | Promise<CheckoutVerdict | void>;
  /**
   * Event handlers, run by the worker in a `plugin-event` job per (plugin, event): a handler
   * that throws is retried by the queue with backoff and never holds up other plugins. Delivery
   * is at least once, so a handler must be idempotent (`flagOrder` is).
   */
  events?: {
    [T in DomainEventType]?: (
      event: PluginEvent<T>,
      ctx: PluginContext<Settings<S>>,
    ) => Promise<void>;
  };
  onError?: PluginErrorRule;
  /** The checkout hook's time (default 2000 ms). */
  timeoutMs?: number;
  /** An event handler's time (default 30,000 ms). */
  eventTimeoutMs?: number;
}

/** A configured plugin, as the config lists it and the Shop runs it (settings type erased). */
export interface Plugin {
  readonly name: string;
  readonly settingsSchema: z.ZodObject | null;
  /** The config's overrides, applied over the schema's defaults. */
  readonly overrides: Record<string, unknown>;
  readonly onError: PluginErrorRule;
  readonly timeoutMs: number;
  readonly eventTimeoutMs: number;
  readonly checkout: ((attempt: CheckoutAttempt, ctx: PluginContext<unknown>) => unknown) | null;
  readonly events: ReadonlyMap<
    DomainEventType,
    (event: PluginEvent, ctx: PluginContext<unknown>) => Promise<void>
  >;
}

export const DEFAULT_TIMEOUT_MS = 2000;
export const DEFAULT_EVENT_TIMEOUT_MS = 30_000;

/**
 * Declares a plugin and returns its factory: `riskRules(overrides?)` is how a package exports
 * one, and the shop's config calls it (`plugins: [riskRules({ amountMultiple: 8 })]`). Nothing
 * is validated here; `defineConfig` (and the Shop) validate the whole list at start.
 */
export function definePlugin<S extends z.ZodObject | undefined = undefined>(
  definition: PluginDefinition<S>,
): (overrides?: SettingsOverrides<S>) => Plugin {
  const events = new Map<
    DomainEventType,
    (event: PluginEvent, ctx: PluginContext<unknown>) => Promise<void>
  >();
  for (const [type, handler] of Object.entries(definition.events ?? {})) {
    // The map is keyed by the handler's own type, and its context's settings are the schema's.
    if (handler) events.set(type as DomainEventType, handler as never);
  }
  const checkout = definition.checkout;
  return (overrides) => ({
    name: definition.name,
    settingsSchema: definition.settings ?? null,
    overrides: (overrides ?? {}) as Record<string, unknown>,
    onError: definition.onError ?? 'proceed',
    timeoutMs: definition.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    eventTimeoutMs: definition.eventTimeoutMs ?? DEFAULT_EVENT_TIMEOUT_MS,
    checkout: checkout
      ? (attempt, ctx) => checkout(attempt, ctx as PluginContext<Settings<S>>)
      : null,
    events,
  });
}

export interface ShopConfig {
  plugins: readonly Plugin[];
}

/**
 * The shop's one config file (`shop.config.ts` at the repo root): `export default
 * defineConfig({ plugins: [...] })`. The list is validated at once, so a bad config fails the
 * process at start with one sentence (a `ConfigError`).
 */
export function defineConfig(config: { plugins?: readonly Plugin[] }): ShopConfig {
  const plugins = config.plugins ?? [];
  assertPlugins(plugins);
  return { plugins };
}

const PLUGIN_NAME = /^[a-z][a-z0-9-]{0,48}[a-z0-9]$/;
const ERROR_RULES: readonly string[] = ['proceed', 'hold', 'refuse'];

/**
 * Refuses a plugin list the shop cannot run, with one sentence: two plugins with one name, a
 * name that is not lower-case-with-dashes, an unknown error rule or timeout, or config overrides
 * that the plugin's settings schema refuses.
 */
export function assertPlugins(plugins: readonly Plugin[]): void {
  const seen = new Set<string>();
  for (const plugin of plugins) {
    const name = String(plugin.name);
    if (!PLUGIN_NAME.test(name)) {
      throw new ConfigError(
        `The plugin name "${name}" is not valid; use 2 to 50 lower-case letters, digits and dashes, e.g. "risk-rules".`,
      );
    }
    if (seen.has(name))
      throw new ConfigError(`Two plugins are named "${name}"; give each plugin its own name.`);
    seen.add(name);
    if (!ERROR_RULES.includes(plugin.onError)) {
      throw new ConfigError(
        `The plugin "${name}" has onError "${String(plugin.onError)}"; use "proceed", "hold" or "refuse".`,
      );
    }
    for (const [key, ms] of [
      ['timeoutMs', plugin.timeoutMs],
      ['eventTimeoutMs', plugin.eventTimeoutMs],
    ] as const) {
      if (!Number.isInteger(ms) || ms < 1 || ms > 600_000) {
        throw new ConfigError(
          `The plugin "${name}" has ${key} ${String(ms)}; use a whole number of milliseconds from 1 to 600000.`,
        );
      }
    }
    const problem = settingsProblem(plugin, plugin.overrides);
    if (problem)
      throw new ConfigError(`The settings of plugin "${name}" are not valid: ${problem}`);
  }
}

/** One sentence naming the first setting the schema refuses, or null when it accepts them. */
export function settingsProblem(plugin: Plugin, input: Record<string, unknown>): string | null {
  if (!plugin.settingsSchema) {
    return Object.keys(input).length === 0 ? null : 'this plugin has no settings.';
  }
  const parsed = plugin.settingsSchema.safeParse(input);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  if (!issue) return 'they do not match the schema.';
  const path = issue.path.join('.');
  const message = issue.message.replace(/\.$/, '');
  return `${path === '' ? '' : `${path}: `}${message}.`;
}
