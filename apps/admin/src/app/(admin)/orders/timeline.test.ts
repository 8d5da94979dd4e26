import { describe, expect, it } from 'vitest';
import { describeOrderEvent } from './timeline';

const event = (type: string, data: Parameters<typeof describeOrderEvent>[0]['data']) => ({
  type,
  message: 'stored message',
  data,
});

describe('describeOrderEvent', () => {
  it('renders amounts from the structured data, in the currency’s own digits', () => {
    expect(describeOrderEvent(event('paid', { amount: 4999, currencyCode: 'USD' }))).toBe(
      'Payment of $49.99 captured.',
    );
    expect(
      describeOrderEvent(event('refunded', { amount: 5_000_000_000, currencyCode: 'IDR' })),
    ).toBe('Refunded IDR\u00a050,000,000.00.');
    expect(
      describeOrderEvent(
        event('refund_requested', {
          amount: 1250,
          currencyCode: 'EUR',
          staffEmail: 'owner@shop.test',
          reason: 'Damaged',
        }),
      ),
    ).toBe('Refund of €12.50 requested by owner@shop.test: Damaged');
    expect(
      describeOrderEvent(event('duplicate_payment', { amount: 2499, currencyCode: 'JPY' })),
    ).toBe('A second payment of ¥2,499 for this order was received; it is being refunded in full.');
    expect(
      describeOrderEvent(event('duplicate_refunded', { amount: 100, currencyCode: 'USD' })),
    ).toBe('The second payment for this order ($1.00) was refunded in full.');
  });

  it('shows the stored message for an unknown type or data without an amount and currency', () => {
    expect(describeOrderEvent(event('placed', null))).toBe('stored message');
    expect(describeOrderEvent(event('fulfilled', { amount: 1, currencyCode: 'USD' }))).toBe(
      'stored message',
    );
    expect(describeOrderEvent(event('paid', { amount: 4999 }))).toBe('stored message');
    expect(describeOrderEvent(event('paid', { amount: 4999, currencyCode: 'XXX' }))).toBe(
      'stored message',
    );
  });

  it('renders shipments, cancellations and notes from their data', () => {
    expect(
      describeOrderEvent(
        event('fulfilled', {
          carrier: 'UPS',
          trackingNumber: '1Z9',
          staffEmail: 'owner@shop.test',
          lines: [
            { sku: 'A', quantity: 2 },
            { sku: 'B', quantity: 1 },
          ],
        }),
      ),
    ).toBe('3 units shipped with UPS (tracking 1Z9) by owner@shop.test.');
    expect(
      describeOrderEvent(
        event('canceled', {
          reason: 'Customer asked',
          staffEmail: 'owner@shop.test',
          restockedUnits: 1,
          amount: 500,
        }),
      ),
    ).toBe('Cancelled by owner@shop.test: Customer asked. 1 unit back in stock.');
    expect(describeOrderEvent(event('note', { staffEmail: 'owner@shop.test' }))).toBe(
      'Note by owner@shop.test: stored message',
    );
  });
});
