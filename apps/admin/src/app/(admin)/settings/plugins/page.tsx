import type { Metadata } from 'next';
import { can } from '@shop/core';
import { Notice } from '~/components/section';
import { getAdminApi } from '~/server/api';
import { requireStaff } from '~/server/auth';
import { PluginForm } from './plugin-form';

export const metadata: Metadata = { title: 'Plugins' };

const errorRule = {
  proceed: 'if it fails, orders go ahead flagged as not checked',
  hold: 'if it fails, orders go ahead and are held for review',
  refuse: 'if it fails, checkouts are refused',
} as const;

/**
 * The plugins of `shop.config.ts` and their settings (the risk rules' thresholds): what each
 * hooks into and a form for its settings in force. Settings change how every order is judged,
 * so the page needs `settings:write`, as the router does.
 */
export default async function PluginsPage() {
  const staff = await requireStaff();
  if (!can(staff.role, 'settings:write')) {
    return <Notice>Only owners and managers can see and change plugin settings.</Notice>;
  }
  const api = await getAdminApi();
  const plugins = await api.admin.plugins.list();
  return (
    <div className="max-w-4xl space-y-6">
      <div>
        <h1 className="text-lg font-semibold">Plugins</h1>
        <p className="text-neutral-600">
          The plugins listed in <code className="font-mono">shop.config.ts</code>. A setting saved
          here overrides the config file&apos;s; the ones you leave as they are keep following it.
        </p>
      </div>
      {plugins.length === 0 ? <p className="text-neutral-600">No plugins are configured.</p> : null}
      {plugins.map((plugin) => (
        <section
          key={plugin.name}
          className="space-y-3 rounded-lg border border-neutral-200 bg-white p-4"
          data-testid={`plugin-${plugin.name}`}
        >
          <div>
            <h2 id={`plugin-${plugin.name}-title`} className="font-semibold">
              {plugin.name}
            </h2>
            <p className="text-xs text-neutral-600">
              {[
                plugin.checkout ? `checkout hook (${errorRule[plugin.onError]})` : null,
                plugin.events.length > 0 ? `events: ${plugin.events.join(', ')}` : null,
              ]
                .filter(Boolean)
                .join(' · ')}
            </p>
          </div>
          <PluginForm plugin={plugin} />
        </section>
      ))}
    </div>
  );
}
