import { Notice } from '~/components/section';

/**
 * What a settings page shows a role without `settings:write` (support staff): its heading and
 * why there is nothing else, as the webhooks page does. The router refuses them too.
 */
export function NoSettingsAccess({ title, role }: { title: string; role: string }) {
  return (
    <div className="max-w-3xl space-y-2">
      <h1 className="text-lg font-semibold">{title}</h1>
      <Notice>
        Only owners and managers change the shop&apos;s settings; your role ({role}) cannot see
        them.
      </Notice>
    </div>
  );
}
