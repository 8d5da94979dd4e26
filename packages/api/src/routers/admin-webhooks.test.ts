import { domainEventTypes, type StaffMember } from '@shop/core';
import { webhookDeliveries, webhookEndpoints } from '@shop/db/schema';
import { firstRow } from '@shop/db/query';
import { createTestDatabase, type TestDatabase } from '@shop/services/testing';
import { parseAllowList, type RegistrationDeps } from '@shop/webhooks';
import { TRPCError } from '@trpc/server';
import { sql } from 'drizzle-orm';
import { ZodError } from 'zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiShop } from '../../test/shop';
import { createAdminCaller, createAdminContext } from '../index';

let tdb: TestDatabase;

const member = (role: StaffMember['role']): StaffMember => ({
  id: `staff-${role}`,
  email: `${role}@shop.local`,
  name: role,
  role,
});

/** Public DNS for the tests' names, so nothing depends on the machine's resolver. */
const publicDns: RegistrationDeps['resolve'] = () =>
  Promise.resolve([{ address: '93.184.216.34', family: 4 }]);

const admin = (
  role: StaffMember['role'] = 'owner',
  webhooks: RegistrationDeps = { allowList: parseAllowList(''), resolve: publicDns },
) =>
  createAdminCaller(
    createAdminContext(
      apiShop(tdb),
      { getStaff: () => Promise.resolve(member(role)) },
      { webhooks },
    ),
  );

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    // An input schema's failure: its sentences (the error formatter shows them, with the field).
    if (err instanceof TRPCError && err.cause instanceof ZodError)
      return { code: err.code, message: err.cause.issues.map((i) => i.message).join(' ') };
    if (err instanceof TRPCError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected the call to fail');
}

const endpointCount = async () =>
  (await firstRow<{ n: number }>(tdb.db, sql`select count(*)::int as n from webhook_endpoints`))?.n;

beforeAll(async () => {
  tdb = await createTestDatabase('admin_webhooks');
});
afterAll(async () => {
  await tdb?.drop();
});
beforeEach(async () => {
  await tdb.db.delete(webhookEndpoints);
});

describe('admin.webhooks', () => {
  it('creates an endpoint with a generated secret, shown by create only', async () => {
    const created = await admin().admin.webhooks.create({
      url: 'https://hooks.example.com/shop',
      description: 'ERP',
      events: ['order.placed', 'order.refunded', 'order.placed'],
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(created.secret.slice(6), 'base64')).toHaveLength(32);
    expect(created).toMatchObject({
      events: ['order.placed', 'order.refunded'],
      status: 'enabled',
    });

    const [listed] = await admin().admin.webhooks.list();
    const got = await admin().admin.webhooks.get({ id: created.id });
    expect(listed).not.toHaveProperty('secret');
    expect(got).not.toHaveProperty('secret');
    expect(JSON.stringify([listed, got])).not.toContain(created.secret.slice(6));

    const given = `whsec_${Buffer.alloc(24, 3).toString('base64')}`;
    const own = await admin().admin.webhooks.create({
      url: 'http://hooks.example.com/b',
      events: ['product.updated'],
      secret: given,
    });
    expect(own.secret).toBe(given);
  });

  it.each([
    [{ url: 'ftp://hooks.example.com/x' }, 'Webhook URLs must start with http:// or https://.'],
    [{ url: 'hooks.example.com/x' }, 'Webhook URLs must start with http:// or https://.'],
    [
      { url: 'https://user:pw@hooks.example.com/' },
      'Webhook URLs cannot contain a user name or password; the signature authenticates the shop.',
    ],
    [{ url: 'https://' }, 'This is not a valid URL.'],
    [
      { events: ['order.placed', 'order.shipped'] },
      `"order.shipped" is not an event type; choose from ${domainEventTypes.join(', ')}.`,
    ],
    [{ events: [] }, 'Choose at least one event to send.'],
    [
      { secret: 'whsec_c2hvcnQ=' },
      'A webhook secret must hold 24 to 64 bytes of key (this one has 5); leave it empty to have one generated.',
    ],
    [
      { secret: 'not-a-secret' },
      'A webhook secret must be whsec_ followed by base64 (as Standard Webhooks defines it).',
    ],
    [{ description: 'x'.repeat(501) }, 'A description can be at most 500 characters long.'],
    [
      { url: `https://hooks.example.com/${'x'.repeat(2000)}` },
      'A webhook URL can be at most 2000 characters long.',
    ],
  ])('refuses bad input %j with a sentence, writing nothing', async (change, message) => {
    const input = { url: 'https://hooks.example.com/x', events: ['order.placed'], ...change };
    expect(await failure(admin().admin.webhooks.create(input))).toEqual({
      code: 'BAD_REQUEST',
      message,
    });
    expect(await endpointCount()).toBe(0);
  });

  it('refuses a NUL character (which Postgres text refuses) with a sentence, not a 500', async () => {
    const created = await admin().admin.webhooks.create({
      url: 'https://hooks.example.com/x',
      events: ['order.placed'],
    });
    const cases: Array<() => Promise<unknown>> = [
      () =>
        admin().admin.webhooks.create({
          url: 'https://hooks.example.com/a\u0000b',
          events: ['order.placed'],
        }),
      () =>
        admin().admin.webhooks.create({
          url: 'https://hooks.example.com/x',
          description: 'ERP\u0000',
          events: ['order.placed'],
        }),
      () => admin().admin.webhooks.update({ id: created.id, description: 'ERP\u0000' }),
    ];
    for (const run of cases) {
      expect(await failure(run())).toEqual({
        code: 'BAD_REQUEST',
        message: 'A webhook URL or description cannot contain a NUL character.',
      });
    }
    expect(await endpointCount()).toBe(1);
  });

  it('refuses addresses off the public internet unless allow-listed', async () => {
    const cases: [string, string][] = [
      [
        'http://127.0.0.1:4000/hooks',
        '127.0.0.1 is a loopback address; add it to WEBHOOK_ALLOWED_HOSTS to allow it.',
      ],
      [
        'http://[::1]/x',
        '0:0:0:0:0:0:0:1 is a loopback address; add it to WEBHOOK_ALLOWED_HOSTS to allow it.',
      ],
      [
        'http://[::ffff:127.0.0.1]/x',
        '127.0.0.1 is a loopback address; add it to WEBHOOK_ALLOWED_HOSTS to allow it.',
      ],
      [
        'http://10.1.2.3/x',
        '10.1.2.3 is a private address; add it to WEBHOOK_ALLOWED_HOSTS to allow it.',
      ],
      [
        'http://169.254.169.254/latest',
        '169.254.169.254 is a link-local address; add it to WEBHOOK_ALLOWED_HOSTS to allow it.',
      ],
      [
        'http://[fd00::1]/x',
        'fd00:0:0:0:0:0:0:1 is a unique-local address; add it to WEBHOOK_ALLOWED_HOSTS to allow it.',
      ],
      [
        'http://0.0.0.0/x',
        '0.0.0.0 is an unspecified address; add it to WEBHOOK_ALLOWED_HOSTS to allow it.',
      ],
      [
        'http://224.0.0.1/x',
        '224.0.0.1 is a multicast address; add it to WEBHOOK_ALLOWED_HOSTS to allow it.',
      ],
    ];
    for (const [url, message] of cases) {
      expect(
        await failure(admin().admin.webhooks.create({ url, events: ['order.placed'] })),
      ).toEqual({
        code: 'BAD_REQUEST',
        message,
      });
    }
    // A name that resolves there is judged by its address.
    const rebound: RegistrationDeps = {
      allowList: parseAllowList(''),
      resolve: () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]),
    };
    expect(
      await failure(
        admin('owner', rebound).admin.webhooks.create({
          url: 'http://localhost:4000/',
          events: ['order.placed'],
        }),
      ),
    ).toEqual({
      code: 'BAD_REQUEST',
      message:
        'localhost resolves to 127.0.0.1, which is a loopback address; add it to WEBHOOK_ALLOWED_HOSTS to allow it.',
    });
    expect(await endpointCount()).toBe(0);

    for (const allowed of ['127.0.0.1', '127.0.0.0/8', 'localhost']) {
      const ok = admin('owner', { allowList: parseAllowList(allowed), resolve: rebound.resolve });
      const url =
        allowed === 'localhost' ? 'http://localhost:4000/' : 'http://127.0.0.1:4000/hooks';
      await expect(
        ok.admin.webhooks.create({ url, events: ['order.placed'] }),
      ).resolves.toMatchObject({
        url,
      });
    }
  });

  it('is for settings:write only', async () => {
    const clerk = admin('support');
    for (const call of [
      clerk.admin.webhooks.list(),
      clerk.admin.webhooks.create({ url: 'https://hooks.example.com/x', events: ['order.placed'] }),
      clerk.admin.webhooks.redeliver({ deliveryId: 1 }),
    ]) {
      expect(await failure(call)).toEqual({
        code: 'FORBIDDEN',
        message: 'Your role does not allow settings:write.',
      });
    }
    expect(await endpointCount()).toBe(0);
  });

  it('updates, disables, enables and deletes; redelivery of a missing or disabled one is refused', async () => {
    const api = admin();
    const e = await api.admin.webhooks.create({
      url: 'https://hooks.example.com/x',
      events: ['order.placed'],
    });
    expect(
      await failure(api.admin.webhooks.update({ id: e.id, url: 'http://192.168.1.10/' })),
    ).toEqual({
      code: 'BAD_REQUEST',
      message: '192.168.1.10 is a private address; add it to WEBHOOK_ALLOWED_HOSTS to allow it.',
    });
    expect(await api.admin.webhooks.get({ id: e.id })).toMatchObject({
      url: 'https://hooks.example.com/x',
    });
    await api.admin.webhooks.update({ id: e.id, events: ['order.paid'], description: 'paid only' });
    expect(await api.admin.webhooks.enable({ id: e.id, enabled: false })).toMatchObject({
      status: 'disabled',
      disabledReason: 'Disabled by staff.',
    });

    const event = await firstRow<{ id: number }>(
      tdb.db,
      sql`insert into domain_events (type, version, payload) values ('order.paid', 1, '{}') returning id::int as id`,
    );
    const [delivery] = await tdb.db
      .insert(webhookDeliveries)
      .values({
        endpointId: e.id,
        eventId: Number(event?.id),
        eventType: 'order.paid',
        resourceKey: 'order:1',
        status: 'failed',
      })
      .returning();
    if (!delivery) throw new Error('no delivery');
    expect(await failure(api.admin.webhooks.redeliver({ deliveryId: delivery.id }))).toEqual({
      code: 'CONFLICT',
      message: 'This endpoint is disabled; enable it before redelivering its events.',
    });
    expect(await api.admin.webhooks.deliveries({ endpointId: e.id })).toMatchObject([
      { id: delivery.id, status: 'failed' },
    ]);
    await api.admin.webhooks.enable({ id: e.id, enabled: true });
    expect(await api.admin.webhooks.redeliver({ deliveryId: delivery.id })).toMatchObject({
      status: 'pending',
    });

    await api.admin.webhooks.delete({ id: e.id });
    expect(await failure(api.admin.webhooks.delete({ id: e.id }))).toEqual({
      code: 'NOT_FOUND',
      message: 'This webhook endpoint does not exist (it may have been deleted).',
    });
    expect(await failure(api.admin.webhooks.redeliver({ deliveryId: delivery.id }))).toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
