import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

/**
 * A local stand-in for the parts of Stripe's API that `@shop/payments` calls, answering the way
 * Stripe's API reference documents them: form-encoded requests, JSON objects with `object`,
 * `id`, `status`, amounts in minor units and lower-case currencies, errors as
 * `{ error: { type, message } }` with a 4xx status, and `Idempotency-Key` replays.
 *
 * Point the adapter at it with `createStripeProvider({ host, port, protocol, ... })`, or set
 * STRIPE_API_HOST / STRIPE_API_PORT / STRIPE_API_PROTOCOL for an app.
 */

export type FakePaymentIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'canceled'
  | 'succeeded';

export interface FakePaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_received: number;
  automatic_payment_methods: { enabled: boolean } | null;
  canceled_at: number | null;
  cancellation_reason: string | null;
  capture_method: 'automatic_async';
  client_secret: string;
  confirmation_method: 'automatic';
  created: number;
  currency: string;
  customer: null;
  description: string | null;
  last_payment_error: { type: 'card_error'; code: string; message: string } | null;
  latest_charge: string | null;
  livemode: false;
  metadata: Record<string, string>;
  payment_method: string | null;
  payment_method_types: string[];
  receipt_email: string | null;
  status: FakePaymentIntentStatus;
}

/** `payment_method_details.card` of the charge a successful confirmation makes. */
export interface FakeCard {
  fingerprint: string;
  country: string;
  brand: string;
  last4: string;
}

export interface FakeRefund {
  id: string;
  object: 'refund';
  amount: number;
  charge: string | null;
  created: number;
  currency: string;
  metadata: Record<string, string>;
  payment_intent: string;
  reason: string | null;
  status: 'succeeded';
}

export interface FakeStripeRequest {
  method: string;
  /** Path and query, e.g. `/v1/payment_intents`. */
  path: string;
  /** The `Idempotency-Key` header; the SDK adds its own (`stripe-node-retry-…`) to every POST. */
  idempotencyKey: string | null;
  /** The form-encoded body decoded into nested objects (`metadata[checkout_id]` → `metadata.checkout_id`). */
  body: Record<string, unknown>;
}

export interface FakeStripeError {
  status: number;
  type: 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';
  message: string;
  code?: string;
}

export interface FakeStripe {
  host: string;
  port: number;
  protocol: 'http';
  /** Accepted by the fake: use it as `secretKey`. */
  secretKey: string;
  /** Every request received, in order, replays included. */
  requests: FakeStripeRequest[];
  paymentIntents: ReadonlyMap<string, FakePaymentIntent>;
  refunds: ReadonlyMap<string, FakeRefund>;
  /**
   * What the shopper's successful confirmation does: `succeeded`, the full amount received.
   * Throws for a canceled intent, which Stripe.js could not confirm either.
   */
  succeed(paymentIntentId: string, card?: Partial<FakeCard>): FakePaymentIntent;
  /** A declined attempt: back to `requires_payment_method` with `last_payment_error`. */
  fail(paymentIntentId: string, message?: string): FakePaymentIntent;
  cancel(paymentIntentId: string): FakePaymentIntent;
  setStatus(paymentIntentId: string, status: FakePaymentIntentStatus): FakePaymentIntent;
  /** Answers the next request (only) with this error instead of handling it. */
  failNextRequest(error: FakeStripeError): void;
  /**
   * A webhook body for the intent's current state, as Stripe would POST it, plus its
   * `Stripe-Signature` header signed with `webhookSecret`.
   */
  createWebhook(
    type: 'payment_intent.succeeded' | 'payment_intent.payment_failed' | (string & {}),
    paymentIntentId: string,
    webhookSecret: string,
  ): { payload: string; signature: string };
  close(): Promise<void>;
}

export interface StartFakeStripeOptions {
  /** The only key the fake accepts (401 otherwise). Default: a fixed `sk_test_…` key. */
  secretKey?: string;
}

const DEFAULT_SECRET_KEY = 'sk_test_fakestripe0000000000000000';

export async function startFakeStripe(options: StartFakeStripeOptions = {}): Promise<FakeStripe> {
  const secretKey = options.secretKey ?? DEFAULT_SECRET_KEY;
  const requests: FakeStripeRequest[] = [];
  const paymentIntents = new Map<string, FakePaymentIntent>();
  const refunds = new Map<string, FakeRefund>();
  /** The card of each charge (by charge id), for `expand[]=latest_charge`. */
  const chargeCards = new Map<string, FakeCard>();
  const idempotent = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  let injectedError: FakeStripeError | null = null;

  function handle(req: RequestInfo): { status: number; body: unknown } {
    if (injectedError) {
      const { status, ...error } = injectedError;
      injectedError = null;
      return { status, body: { error } };
    }
    if (req.authorization !== `Bearer ${secretKey}`) {
      return invalidRequest(
        401,
        `Invalid API Key provided: ${maskKey(req.authorization.replace(/^Bearer\s+/i, ''))}`,
      );
    }
    const { pathname, searchParams } = new URL(req.path, 'http://fake');
    if (req.method === 'POST' && pathname === '/v1/payment_intents') {
      return createPaymentIntent(req.body);
    }
    const retrieve = /^\/v1\/payment_intents\/([^/]+)$/.exec(pathname);
    if (req.method === 'GET' && retrieve?.[1]) {
      const intent = paymentIntents.get(decodeURIComponent(retrieve[1]));
      if (!intent) return noSuchObject('payment_intent', decodeURIComponent(retrieve[1]), 'intent');
      const expand = [...searchParams].some(
        ([key, value]) => key.startsWith('expand') && value === 'latest_charge',
      );
      return { status: 200, body: expand ? withCharge(intent) : intent };
    }
    const cancel = /^\/v1\/payment_intents\/([^/]+)\/cancel$/.exec(pathname);
    if (req.method === 'POST' && cancel?.[1]) {
      return cancelPaymentIntent(decodeURIComponent(cancel[1]), req.body);
    }
    if (req.method === 'POST' && pathname === '/v1/refunds') {
      return createRefund(req.body);
    }
    return invalidRequest(404, `Unrecognized request URL (${req.method}: ${pathname}).`);
  }

  function createPaymentIntent(body: Record<string, unknown>): { status: number; body: unknown } {
    const amount = readInteger(body.amount);
    if (body.amount === undefined) return missingParam('amount');
    if (amount === null || amount < 1) {
      return invalidRequest(400, 'Amount must be at least 1 unit of the currency.', 'amount');
    }
    if (typeof body.currency !== 'string' || body.currency === '') return missingParam('currency');
    if (!/^[a-z]{3}$/.test(body.currency)) {
      return invalidRequest(400, `Invalid currency: ${body.currency}.`, 'currency');
    }
    const id = newId('pi');
    const apm = body.automatic_payment_methods;
    const intent: FakePaymentIntent = {
      id,
      object: 'payment_intent',
      amount,
      amount_capturable: 0,
      amount_received: 0,
      automatic_payment_methods: isRecord(apm) ? { enabled: apm.enabled === 'true' } : null,
      canceled_at: null,
      cancellation_reason: null,
      capture_method: 'automatic_async',
      client_secret: `${id}_secret_${randomToken(24)}`,
      confirmation_method: 'automatic',
      created: now(),
      currency: body.currency,
      customer: null,
      description: typeof body.description === 'string' ? body.description : null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata: readMetadata(body.metadata),
      payment_method: null,
      payment_method_types: ['card'],
      receipt_email: typeof body.receipt_email === 'string' ? body.receipt_email : null,
      status: 'requires_payment_method',
    };
    paymentIntents.set(id, intent);
    return { status: 200, body: intent };
  }

  /** Stripe cancels only intents that have not succeeded or been canceled already. */
  function cancelPaymentIntent(
    id: string,
    body: Record<string, unknown>,
  ): { status: number; body: unknown } {
    const intent = paymentIntents.get(id);
    if (!intent) return noSuchObject('payment_intent', id, 'intent');
    if (intent.status === 'succeeded' || intent.status === 'canceled') {
      return invalidRequest(
        400,
        `You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`,
        undefined,
        'payment_intent_unexpected_state',
      );
    }
    intent.status = 'canceled';
    intent.canceled_at = now();
    intent.cancellation_reason =
      typeof body.cancellation_reason === 'string' ? body.cancellation_reason : null;
    return { status: 200, body: intent };
  }

  function createRefund(body: Record<string, unknown>): { status: number; body: unknown } {
    if (typeof body.payment_intent !== 'string') {
      return invalidRequest(
        400,
        'One of the following params should be provided for this request: payment_intent or charge.',
      );
    }
    const intent = paymentIntents.get(body.payment_intent);
    if (!intent) return noSuchObject('payment_intent', body.payment_intent, 'payment_intent');
    if (intent.status !== 'succeeded' || !intent.latest_charge) {
      return invalidRequest(
        400,
        `This PaymentIntent (${intent.id}) does not have a successful charge to refund.`,
        'payment_intent',
        'charge_not_refundable',
      );
    }
    const refunded = [...refunds.values()]
      .filter((r) => r.payment_intent === intent.id)
      .reduce((sum, r) => sum + r.amount, 0);
    const remaining = intent.amount_received - refunded;
    const amount = body.amount === undefined ? remaining : readInteger(body.amount);
    if (amount === null || amount < 1) {
      return invalidRequest(400, 'Refund amount must be a positive integer.', 'amount');
    }
    if (amount > remaining) {
      return invalidRequest(
        400,
        `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining}).`,
        'amount',
        'amount_too_large',
      );
    }
    const refund: FakeRefund = {
      id: newId('re'),
      object: 'refund',
      amount,
      charge: intent.latest_charge,
      created: now(),
      currency: intent.currency,
      metadata: readMetadata(body.metadata),
      payment_intent: intent.id,
      reason: typeof body.reason === 'string' ? body.reason : null,
      status: 'succeeded',
    };
    refunds.set(refund.id, refund);
    return { status: 200, body: refund };
  }

  /** Stripe saves the result of a keyed request and replays it; the same key with other parameters is an error. */
  function handleWithIdempotency(req: RequestInfo): {
    status: number;
    body: unknown;
    replayed: boolean;
  } {
    const key = req.idempotencyKey;
    if (req.method !== 'POST' || key === null) return { ...handle(req), replayed: false };
    const fingerprint = `${req.method} ${req.path} ${req.rawBody}`;
    const saved = idempotent.get(key);
    if (saved) {
      if (saved.fingerprint !== fingerprint) {
        return {
          status: 400,
          body: {
            error: {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
            },
          },
          replayed: false,
        };
      }
      return { status: saved.status, body: saved.body, replayed: true };
    }
    const result = handle(req);
    // Like Stripe, only requests that got as far as executing are saved: not 400s or 401s.
    if (result.status < 400 || result.status >= 500) {
      idempotent.set(key, {
        fingerprint,
        status: result.status,
        body: structuredClone(result.body),
      });
    }
    return { ...result, replayed: false };
  }

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const info: RequestInfo = {
        method: request.method ?? 'GET',
        path: request.url ?? '/',
        authorization: headerValue(request.headers.authorization) ?? '',
        idempotencyKey: headerValue(request.headers['idempotency-key']),
        rawBody,
        body: decodeForm(rawBody),
      };
      requests.push({
        method: info.method,
        path: info.path,
        idempotencyKey: info.idempotencyKey,
        body: info.body,
      });
      const result = handleWithIdempotency(info);
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'request-id': newId('req'),
      };
      if (info.idempotencyKey) headers['idempotency-key'] = info.idempotencyKey;
      if (result.replayed) headers['idempotent-replayed'] = 'true';
      response.writeHead(result.status, headers);
      response.end(JSON.stringify(result.body));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  function mustGet(id: string): FakePaymentIntent {
    const intent = paymentIntents.get(id);
    if (!intent) throw new Error(`The fake Stripe has no PaymentIntent ${id}.`);
    return intent;
  }

  /** The intent with `latest_charge` expanded into the charge object (its card only). */
  function withCharge(intent: FakePaymentIntent) {
    const id = intent.latest_charge;
    const card = id ? chargeCards.get(id) : undefined;
    if (!id || !card) return intent;
    return {
      ...intent,
      latest_charge: {
        id,
        object: 'charge',
        payment_intent: intent.id,
        payment_method_details: { type: 'card', card },
      },
    };
  }

  return {
    host: '127.0.0.1',
    port,
    protocol: 'http',
    secretKey,
    requests,
    paymentIntents,
    refunds,
    succeed(id, card = {}) {
      const intent = mustGet(id);
      if (intent.status === 'canceled') {
        throw new Error(`The fake Stripe cannot confirm ${id}: it was canceled.`);
      }
      intent.status = 'succeeded';
      intent.amount_received = intent.amount;
      intent.last_payment_error = null;
      intent.latest_charge = newId('ch');
      intent.payment_method = newId('pm');
      chargeCards.set(intent.latest_charge, {
        fingerprint: 'fakefingerprint0',
        country: 'US',
        brand: 'visa',
        last4: '4242',
        ...card,
      });
      return intent;
    },
    fail(id, message = 'Your card was declined.') {
      const intent = mustGet(id);
      intent.status = 'requires_payment_method';
      intent.last_payment_error = { type: 'card_error', code: 'card_declined', message };
      return intent;
    },
    cancel(id) {
      const intent = mustGet(id);
      intent.status = 'canceled';
      intent.canceled_at = now();
      intent.cancellation_reason = 'requested_by_customer';
      return intent;
    },
    setStatus(id, status) {
      const intent = mustGet(id);
      intent.status = status;
      return intent;
    },
    failNextRequest(error) {
      injectedError = error;
    },
    createWebhook(type, paymentIntentId, webhookSecret) {
      const event = {
        id: newId('evt'),
        object: 'event',
        api_version: Stripe.API_VERSION,
        created: now(),
        data: { object: structuredClone(mustGet(paymentIntentId)) },
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type,
      };
      const payload = JSON.stringify(event, null, 2);
      const signature = Stripe.webhooks.generateTestHeaderString({
        payload,
        secret: webhookSecret,
      });
      return { payload, signature };
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // The SDK keeps connections alive; drop them so close() does not wait for their timeout.
        server.closeAllConnections();
      });
    },
  };
}

interface RequestInfo {
  method: string;
  path: string;
  authorization: string;
  idempotencyKey: string | null;
  rawBody: string;
  body: Record<string, unknown>;
}

function invalidRequest(
  status: number,
  message: string,
  param?: string,
  code?: string,
): { status: number; body: unknown } {
  return { status, body: { error: { type: 'invalid_request_error', message, param, code } } };
}

function missingParam(param: string) {
  return invalidRequest(400, `Missing required param: ${param}.`, param, 'parameter_missing');
}

function noSuchObject(kind: string, id: string, param: string) {
  return invalidRequest(404, `No such ${kind}: '${id}'`, param, 'resource_missing');
}

/**
 * Decodes Stripe's form encoding: `metadata[checkout_id]=c1&automatic_payment_methods[enabled]=true`
 * becomes `{ metadata: { checkout_id: 'c1' }, automatic_payment_methods: { enabled: 'true' } }`.
 * Values stay strings, as on the wire.
 */
export function decodeForm(raw: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const parts = key.split(/[[\]]+/).filter((part) => part !== '');
    let node = root;
    parts.forEach((part, index) => {
      if (index === parts.length - 1) {
        node[part] = value;
        return;
      }
      const next = node[part];
      if (isRecord(next)) {
        node = next;
      } else {
        const created: Record<string, unknown> = {};
        node[part] = created;
        node = created;
      }
    });
  }
  return root;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readInteger(value: unknown): number | null {
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : null;
}

function readMetadata(value: unknown): Record<string, string> {
  const metadata: Record<string, string> = {};
  if (!isRecord(value)) return metadata;
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string') metadata[key] = entry;
  }
  return metadata;
}

function headerValue(value: string | string[] | undefined): string | null {
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

function maskKey(key: string): string {
  const prefix = /^(sk|rk)_(test|live)_/.exec(key)?.[0] ?? '';
  return `${prefix}${'*'.repeat(Math.max(key.length - prefix.length - 4, 0))}${key.slice(-4)}`;
}

function newId(prefix: string): string {
  return `${prefix}_${randomToken(24)}`;
}

function randomToken(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(length), (byte) => alphabet[byte % alphabet.length]).join('');
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}
