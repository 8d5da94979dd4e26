import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createReceiver, type ReceivedEvent } from './index';
import { readReceiverEnv } from './env';

const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const servers: ReturnType<typeof createReceiver>[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function start(onEvent: (e: ReceivedEvent) => void | Promise<void>) {
  const server = createReceiver({ secret, onEvent });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

function signed(id: string, body: string, key = secret, at = new Date()) {
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(key).sign(id, at, body),
  };
}

describe('example webhook receiver', () => {
  it('accepts a signed event once per webhook-id and refuses bad or stale signatures', async () => {
    const events: ReceivedEvent[] = [];
    const url = await start((e) => {
      events.push(e);
    });
    const body = JSON.stringify({
      type: 'order.placed',
      timestamp: '2026-01-01T00:00:00.000Z',
      data: { orderId: 1 },
    });

    const first = await fetch(url, { method: 'POST', body, headers: signed('msg_1', body) });
    expect(first.status).toBe(200);
    const again = await fetch(url, { method: 'POST', body, headers: signed('msg_1', body) });
    expect([again.status, await again.text()]).toEqual([200, 'already received']);
    expect(events).toEqual([
      {
        id: 'msg_1',
        type: 'order.placed',
        timestamp: '2026-01-01T00:00:00.000Z',
        data: { orderId: 1 },
      },
    ]);

    const otherKey = `whsec_${Buffer.alloc(32, 8).toString('base64')}`;
    const forged = await fetch(url, {
      method: 'POST',
      body,
      headers: signed('msg_2', body, otherKey),
    });
    expect(forged.status).toBe(401);
    const tampered = await fetch(url, {
      method: 'POST',
      body: body.replace('"orderId":1', '"orderId":2'),
      headers: signed('msg_3', body),
    });
    expect(tampered.status).toBe(401);
    const stale = await fetch(url, {
      method: 'POST',
      body,
      headers: signed('msg_4', body, secret, new Date(Date.now() - 3600_000)),
    });
    expect(stale.status).toBe(401);
    const unsigned = await fetch(url, { method: 'POST', body });
    expect(unsigned.status).toBe(401);
    expect(events).toHaveLength(1);
  });

  it('answers 500 when the handler fails, and takes the retry', async () => {
    let fail = true;
    const handled: string[] = [];
    const url = await start((e) => {
      if (fail) throw new Error('database down');
      handled.push(e.id);
    });
    const body = JSON.stringify({
      type: 'order.paid',
      timestamp: '2026-01-01T00:00:00.000Z',
      data: {},
    });
    expect(
      (await fetch(url, { method: 'POST', body, headers: signed('msg_9', body) })).status,
    ).toBe(500);
    fail = false;
    expect(
      (await fetch(url, { method: 'POST', body, headers: signed('msg_9', body) })).status,
    ).toBe(200);
    expect(handled).toEqual(['msg_9']);
  });

  it('needs a whsec_ secret and a port', () => {
    expect(() => readReceiverEnv({})).toThrow('WEBHOOK_SECRET must be set');
    expect(() => readReceiverEnv({ WEBHOOK_SECRET: secret, PORT: 'x' })).toThrow('PORT must be');
    expect(readReceiverEnv({ WEBHOOK_SECRET: secret })).toEqual({
      WEBHOOK_SECRET: secret,
      PORT: 4000,
    });
  });
});
