import {
  CommerceError,
  flagOrder,
  type CheckoutAttempt,
  type CheckoutHooks,
  type CheckoutReview,
  type Clock,
  type DomainEventType,
  type OrderFlagInput,
  type PaymentCard,
} from '@shop/core';
import type { Database } from '@shop/db/client';
import type { Logger } from '@shop/logger';
import { z } from 'zod';
import { settingsProblem, type Plugin, type PluginContext, type PluginEvent } from './define';
import { loadSavedSettings, mergeSettings, resolveSettings, updateSavedSettings } from './settings';

/** What the host needs from the Shop. */
export interface PluginHostDeps {
  db: Database;
  logger: Logger;
  clock: Clock;
  /** The payment provider; its `getCard` (Stripe) is handed to plugins. */
  payments?: { getCard?(providerRef: string): Promise<PaymentCard | null> } | null;
}

/** A plugin as the admin lists it: what it hooks into and the settings in force. */
export interface PluginInfo {
  name: string;
  checkout: boolean;
  events: DomainEventType[];
  onError: Plugin['onError'];
  timeoutMs: number;
  /** The settings in force (defaults ← config ← saved). */
  settings: Record<string, unknown>;
  /** What staff saved (null: nothing, the config's settings apply). */
  saved: Record<string, unknown> | null;
}

export interface PluginHost extends CheckoutHooks {
  readonly plugins: readonly Plugin[];
  /** The plugins with a handler for `type`, in config order. */
  subscribers(type: DomainEventType): readonly Plugin[];
  /** Runs one plugin's handler for one event (the `plugin-event` job); throws to be retried. */
  handleEvent(pluginName: string, event: PluginEvent): Promise<'handled' | 'no-handler'>;
  list(): Promise<PluginInfo[]>;
  /**
   * Saves staff's settings for a plugin, merged over what was saved: NOT_FOUND for an unknown
   * plugin, INVALID_INPUT with the schema's sentence for settings it refuses (nothing saved).
   */
  updateSettings(name: string, settings: Record<string, unknown>): Promise<PluginInfo>;
}

/** The sentence a shopper sees when a plugin with `onError: 'refuse'` could not check the order. */
export const COULD_NOT_CHECK = 'We could not check this order; please try again.';

const zVerdict = z
  .object({
    veto: z.string().trim().min(1).max(500).optional(),
    flags: z
      .array(
        z.object({
          code: z.string().regex(/^[a-z0-9_.-]{1,64}$/, 'codes are lower_snake_case'),
          reason: z.string().trim().min(1).max(500),
          data: z.record(z.string(), z.unknown()).optional(),
        }),
      )
      .max(20)
      .optional(),
    hold: z.boolean().optional(),
    holdReason: z.string().trim().min(1).max(500).optional(),
  })
  .nullish();

/** The most a flag's `data` may take as JSON: facts for staff, not a document store. */
const MAX_FLAG_DATA_BYTES = 8192;

/**
 * A flag's `data` as it will be stored (a JSON round trip), so a verdict that cannot be stored
 * (a BigInt, a cycle) or is too big fails here, under the plugin's rule, rather than later in
 * the checkout's or the order's transaction as a 500.
 */
function storableData(data: Record<string, unknown> | undefined): Record<string, unknown> | null {
  if (data === undefined) return null;
  const json = JSON.stringify(data);
  if (Buffer.byteLength(json) > MAX_FLAG_DATA_BYTES)
    throw new Error(`a flag's data is more than ${MAX_FLAG_DATA_BYTES} bytes of JSON`);
  return JSON.parse(json) as Record<string, unknown>;
}

/** Whether a key or a string anywhere in `value` has a NUL character. */
function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([key, v]) => key.includes('\u0000') || hasNul(v));
}

class PluginTimeoutError extends Error {
  override name = 'PluginTimeoutError';
}

/** Runs `work` with an abort signal, rejecting once `ms` have passed (the work is abandoned). */
async function withTimeout<T>(
  ms: number,
  work: (signal: AbortSignal) => Promise<T> | T,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new PluginTimeoutError(`timed out after ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => work(controller.signal)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The Shop's plugins, run: the checkout hooks port for `startCheckout`, the event handlers for
 * the worker's `plugin-event` jobs, and the settings the admin edits. Each checkout hook runs with
 * its plugin's timeout inside a try/catch, all plugins at once; a hook that throws, times out or
 * answers something that is not a verdict is logged with the plugin's name and its `onError`
 * rule decides. So a plugin never fails a checkout with a 500.
 */
export function pluginHost(plugins: readonly Plugin[], deps: PluginHostDeps): PluginHost {
  const byName = new Map(plugins.map((p) => [p.name, p]));
  const getCard = deps.payments?.getCard?.bind(deps.payments);
  const lookup = getCard ? { getCard } : null;

  function contextFor(
    plugin: Plugin,
    settings: unknown,
    signal: AbortSignal,
  ): PluginContext<unknown> {
    return {
      name: plugin.name,
      settings,
      db: deps.db,
      logger: deps.logger.child({ plugin: plugin.name }),
      clock: deps.clock,
      signal,
      payments: lookup,
      flagOrder: (orderId, flags, options = {}) =>
        flagOrder(deps.db, {
          orderId,
          flags: flags.map((f) => ({ ...f, source: plugin.name })),
          hold: options.hold ?? false,
          holdReason: options.holdReason ?? null,
        }),
    };
  }

  async function reviewBy(
    plugin: Plugin,
    hook: NonNullable<Plugin['checkout']>,
    attempt: CheckoutAttempt,
    saved: Map<string, Record<string, unknown>>,
  ): Promise<CheckoutReview> {
    try {
      const settings = resolveSettings(plugin, saved.get(plugin.name), deps.logger);
      // Each hook gets its own copy: hooks run at once, so one that rewrites the attempt (an
      // email lower-cased, a line dropped) would otherwise change what the others judge.
      const own = structuredClone(attempt);
      const answer = await withTimeout(plugin.timeoutMs, (signal) =>
        hook(own, contextFor(plugin, settings, signal)),
      );
      const verdict = zVerdict.parse(answer);
      // Stored on the checkout and the order (text and jsonb, which have no NUL).
      if (hasNul(verdict)) throw new Error('the verdict has a NUL character');
      const flags: OrderFlagInput[] = (verdict?.flags ?? []).map((f) => ({
        source: plugin.name,
        code: f.code,
        reason: f.reason,
        data: storableData(f.data),
      }));
      return {
        veto: verdict?.veto ?? null,
        flags,
        hold: verdict?.hold === true,
        holdReason: verdict?.holdReason ?? flags[0]?.reason ?? null,
      };
    } catch (err) {
      const timedOut = err instanceof PluginTimeoutError;
      deps.logger.error(
        { err, plugin: plugin.name, cartId: attempt.cartId, rule: plugin.onError },
        `plugin "${plugin.name}" checkout hook ${timedOut ? `timed out after ${plugin.timeoutMs} ms` : 'failed'}; applying its onError rule "${plugin.onError}"`,
      );
      if (plugin.onError === 'refuse')
        return { veto: COULD_NOT_CHECK, flags: [], hold: false, holdReason: null };
      const reason = `The ${plugin.name} plugin could not check this order (${timedOut ? 'it timed out' : 'it failed'}).`;
      return {
        veto: null,
        flags: [{ source: plugin.name, code: 'plugin_failed', reason, data: null }],
        hold: plugin.onError === 'hold',
        holdReason: plugin.onError === 'hold' ? reason : null,
      };
    }
  }

  async function info(
    plugin: Plugin,
    saved: Record<string, unknown> | undefined,
  ): Promise<PluginInfo> {
    return {
      name: plugin.name,
      checkout: plugin.checkout !== null,
      events: [...plugin.events.keys()],
      onError: plugin.onError,
      timeoutMs: plugin.timeoutMs,
      settings: resolveSettings(plugin, saved, deps.logger) as Record<string, unknown>,
      saved: saved ?? null,
    };
  }

  function find(name: string): Plugin {
    const plugin = byName.get(name);
    if (!plugin) throw new CommerceError('NOT_FOUND', `There is no plugin named "${name}".`);
    return plugin;
  }

  const reviewers = plugins.flatMap((p) => (p.checkout ? [{ plugin: p, hook: p.checkout }] : []));

  return {
    plugins,
    async review(attempt) {
      if (reviewers.length === 0) return { veto: null, flags: [], hold: false, holdReason: null };
      const saved = await loadSavedSettings(deps.db);
      const reviews = await Promise.all(
        reviewers.map(({ plugin, hook }) => reviewBy(plugin, hook, attempt, saved)),
      );
      // The first veto in config order speaks to the shopper; every flag is kept.
      const veto = reviews.find((r) => r.veto !== null)?.veto ?? null;
      const holding = reviews.find((r) => r.hold);
      return {
        veto,
        flags: reviews.flatMap((r) => r.flags),
        hold: holding !== undefined,
        holdReason: holding?.holdReason ?? null,
      };
    },
    subscribers: (type) => plugins.filter((p) => p.events.has(type)),
    async handleEvent(pluginName, event) {
      const plugin = find(pluginName);
      const handler = plugin.events.get(event.type);
      if (!handler) return 'no-handler';
      const saved = await loadSavedSettings(deps.db);
      const settings = resolveSettings(plugin, saved.get(plugin.name), deps.logger);
      await withTimeout(plugin.eventTimeoutMs, (signal) =>
        handler(event, contextFor(plugin, settings, signal)),
      );
      return 'handled';
    },
    async list() {
      const saved = await loadSavedSettings(deps.db);
      return Promise.all(plugins.map((p) => info(p, saved.get(p.name))));
    },
    async updateSettings(name, input) {
      const plugin = find(name);
      // jsonb has no NUL (`\u0000` in a key or a string): stored, it would be a 500.
      if (hasNul(input))
        throw new CommerceError(
          'INVALID_INPUT',
          `The settings of "${name}" cannot contain a NUL character.`,
        );
      const next = await updateSavedSettings(deps.db, name, input, (merged) => {
        const problem = settingsProblem(plugin, mergeSettings(plugin.overrides, merged));
        if (problem)
          throw new CommerceError(
            'INVALID_INPUT',
            `The settings of "${name}" are not valid: ${problem}`,
          );
      });
      return info(plugin, next);
    },
  };
}
