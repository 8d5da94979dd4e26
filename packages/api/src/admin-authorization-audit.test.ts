import type { StaffMember } from '@shop/core';
import { queryRows } from '@shop/db/query';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openShop, type TestShop } from '../../core/test/shop';
import { adminProcedures } from '../test/admin-procedures';
import { openScenario, steps, type Scenario } from '../test/mutation-scenarios/index';

/**
 * The audit half of the authorization matrix (`admin-authorization.test.ts` is the other): every
 * admin mutation of the router is called once, successfully, as the owner (the steps of
 * `test/mutation-scenarios`), and each must have left an audit row naming its action and the
 * owner. A mutation without a step fails here, named.
 */
let shop: TestShop;
let scenario: Scenario;
const owner: StaffMember = {
  id: 'scenario-owner',
  email: 'owner@audit-scenario.test',
  name: 'Olive',
  role: 'owner',
};

beforeAll(async () => {
  shop = await openShop(6);
  await shop.db.execute(
    sql`insert into staff_users (id, name, email, role)
        values (${owner.id}, ${owner.name}, ${owner.email}, ${owner.role})`,
  );
  scenario = await openScenario(shop, owner);
});
afterAll(async () => {
  await scenario?.close();
  await shop?.close();
});

const mutationPaths = () =>
  adminProcedures()
    .filter((p) => p.type === 'mutation')
    .map((p) => p.path);
const stepPaths = new Set(steps.map((s) => s.path));

interface AuditRow {
  action: string;
  actor_kind: string;
  actor_id: string;
}
const auditRows = () =>
  queryRows<AuditRow>(shop.db, sql`select action, actor_kind, actor_id from audit_log order by id`);

describe('every admin mutation leaves an audit entry', () => {
  it('has a scenario step for every mutation of the router, and none for a path it lacks', () => {
    const mutations = mutationPaths();
    expect(mutations.length).toBeGreaterThan(20);
    expect(mutations.filter((path) => !stepPaths.has(path))).toEqual([]);
    expect([...stepPaths].filter((path) => !mutations.includes(path))).toEqual([]);
  });

  it('runs every step as the owner, each leaving a row of its action that names the owner', async () => {
    const before = (await auditRows()).length;
    for (const step of steps) {
      try {
        await step.run(scenario.ctx);
      } catch (err) {
        throw new Error(
          `${step.path} failed: ${err instanceof Error ? err.message : String(err)}`,
          {
            cause: err,
          },
        );
      }
    }
    const rows = (await auditRows()).slice(before);
    const unaudited = steps
      .map((s) => s.path)
      .filter(
        (path) =>
          !rows.some(
            (r) =>
              r.action === path.replace(/^admin\./, '') &&
              r.actor_kind === 'staff' &&
              r.actor_id === owner.id,
          ),
      );
    expect(unaudited).toEqual([]);
    expect(rows.length).toBeGreaterThanOrEqual(steps.length);
    // Each step's call wrote its rows: none is another's, none holds an action no step called.
    const actions = new Set(steps.map((s) => s.path.replace(/^admin\./, '')));
    expect(rows.filter((r) => !actions.has(r.action))).toEqual([]);
    expect(scenario.log.filter((l) => l.msg === 'audit entry not written')).toEqual([]);
  });
});
