'use client';

import { useActionState } from 'react';
import type { AdminPlugin } from '@shop/validators';
import { SubmitButton } from '~/components/form';
import { savePluginSettings, type PluginSettingsResult } from './actions';
import { groupLabel, leafLabel, settingsLeaves, type SettingsLeaf } from './settings-fields';

/**
 * One plugin's settings as a form, generated from the settings in force: a checkbox per yes/no
 * setting and a field per number or text, grouped as the schema nests them. The outcome is
 * announced (an alert with the schema's sentence, or a status).
 */
export function PluginForm({ plugin }: { plugin: AdminPlugin }) {
  const [state, action, pending] = useActionState<PluginSettingsResult, FormData>(
    savePluginSettings,
    null,
  );
  const leaves = settingsLeaves(plugin.settings);
  const groups = new Map<string, SettingsLeaf[]>();
  for (const leaf of leaves) {
    const group = groupLabel(leaf.path) ?? '';
    groups.set(group, [...(groups.get(group) ?? []), leaf]);
  }
  const formId = `plugin-${plugin.name}`;
  return (
    <form action={action} className="space-y-3" noValidate aria-labelledby={`${formId}-title`}>
      <input type="hidden" name="plugin" value={plugin.name} />
      {leaves.length === 0 ? (
        <p className="text-neutral-600">This plugin has no settings.</p>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2">
        {[...groups].map(([group, members]) => (
          <fieldset key={group} className="space-y-2 rounded-sm border border-neutral-200 p-3">
            <legend className="px-1 font-medium">{group || 'General'}</legend>
            {members.map((leaf) => (
              <Field key={leaf.path} formId={formId} leaf={leaf} />
            ))}
          </fieldset>
        ))}
      </div>
      {state && !state.ok ? (
        <p
          role="alert"
          className="rounded-sm border border-danger bg-danger-soft px-3 py-2 text-danger"
        >
          {state.message}
        </p>
      ) : (
        <p role="status" className={state ? 'font-medium text-success' : 'sr-only'}>
          {state?.message ?? ''}
        </p>
      )}
      {leaves.length > 0 ? (
        <SubmitButton pending={pending} label="Save" pendingLabel="Saving…" />
      ) : null}
    </form>
  );
}

function Field({ formId, leaf }: { formId: string; leaf: SettingsLeaf }) {
  const id = `${formId}-${leaf.path.replace(/\./g, '-')}`;
  const name = `setting:${leaf.path}`;
  // Named with its group, so "Count" of email velocity and of card velocity differ to a reader.
  const group = groupLabel(leaf.path);
  const label = leafLabel(leaf.path);
  const aria = group ? `${group}: ${label}` : label;
  if (leaf.kind === 'boolean') {
    return (
      <label htmlFor={id} className="flex items-center gap-2">
        <input id={id} name={name} type="checkbox" defaultChecked={leaf.value} aria-label={aria} />
        {label}
      </label>
    );
  }
  return (
    <div className="flex items-center justify-between gap-2">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        aria-label={aria}
        defaultValue={String(leaf.value)}
        inputMode={leaf.kind === 'number' ? 'decimal' : undefined}
        className="input w-28 text-right tabular-nums"
        autoComplete="off"
      />
    </div>
  );
}
