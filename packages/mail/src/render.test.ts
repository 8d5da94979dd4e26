import { describe, expect, it } from 'vitest';
import { MailTemplateError, renderMail, type MailTemplateData } from './render';

const context = { storefrontUrl: 'https://shop.example/' };

/** HTML with runs of whitespace collapsed, as a browser shows it. */
const squash = (html: string) => html.replace(/\s+/g, ' ');

const order: MailTemplateData['order-confirmation'] = {
  number: 1042,
  currencyCode: 'USD',
  lines: [
    {
      title: 'Linen shirt',
      variantTitle: 'M',
      sku: 'LS-M',
      quantity: 2,
      unitPrice: 2499,
      total: 4998,
    },
    { title: 'Mug', quantity: 1, unitPrice: 1200, total: 1200 },
  ],
  subtotal: 6198,
  discountTotal: 620,
  discountCode: 'SPRING10',
  shippingTotal: 0,
  shippingOptionName: 'Standard',
  taxTotal: 446,
  total: 6024,
  shippingAddress: {
    firstName: 'Ada',
    lastName: 'Lovelace',
    line1: '1 Main St',
    city: 'Springfield',
    postalCode: '62701',
    province: 'IL',
    countryCode: 'US',
  },
  accessToken: 'tok_abc123',
};

describe('order-confirmation', () => {
  it('lists the lines and totals formatted for the currency, and links the guest to the order', () => {
    const mail = renderMail('order-confirmation', order, context);
    expect(mail.subject).toBe('Order #1042 confirmed');
    for (const body of [mail.text, squash(mail.html)]) {
      expect(body).toContain('$49.98');
      expect(body).toContain('$12.00');
      expect(body).toContain('$61.98');
      expect(body).toContain('−$6.20');
      expect(body).toContain('$4.46');
      expect(body).toContain('$60.24');
      expect(body).toContain('Free');
      expect(body).toContain('SPRING10');
      expect(body).toContain('1 Main St');
      expect(body).toContain('62701 Springfield IL');
      expect(body).toContain('United States');
    }
    expect(mail.text).toContain('2 × Linen shirt — M  $49.98 ($24.99 each)');
    expect(mail.text).toContain(
      'View your order: https://shop.example/account/orders/1042?token=tok_abc123',
    );
    expect(mail.html).toContain('href="https://shop.example/account/orders/1042?token=tok_abc123"');
  });

  it('formats other currencies with their own decimals', () => {
    const mail = renderMail(
      'order-confirmation',
      { ...order, currencyCode: 'JPY', total: 6024, discountTotal: 0 },
      context,
    );
    expect(mail.text).toContain('Total: ¥6,024');
    expect(mail.text).not.toContain('Discount');
  });

  it('links a customer’s order without a token', () => {
    const mail = renderMail('order-confirmation', { ...order, accessToken: null }, context);
    expect(mail.text).toContain('View your order: https://shop.example/account/orders/1042\n');
    expect(mail.html).not.toContain('token=');
  });

  it('escapes what the customer typed in the HTML, and keeps it verbatim in the text', () => {
    const mail = renderMail(
      'order-confirmation',
      {
        ...order,
        customerName: 'Ada <b>"the" & \'co\'</b>',
        lines: [{ ...order.lines[0], title: '<script>alert(1)</script>' }],
        shippingAddress: { ...order.shippingAddress, line1: '<img src=x onerror=alert(1)>' },
      },
      context,
    );
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<img src=x');
    expect(mail.html).not.toContain('<b>"the"');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.html).toContain('Ada &lt;b&gt;&quot;the&quot; &amp; &#39;co&#39;&lt;/b&gt;');
    expect(mail.text).toContain('Hi Ada <b>"the" & \'co\'</b>,');
    expect(mail.text).toContain('<script>alert(1)</script>');
  });

  it('refuses data that does not fit, naming the field', () => {
    expect(() => renderMail('order-confirmation', { ...order, total: 60.24 }, context)).toThrow(
      MailTemplateError,
    );
    expect(() => renderMail('order-confirmation', { ...order, lines: [] }, context)).toThrow(
      /order-confirmation.*lines: An order confirmation needs at least one line/,
    );
    expect(() =>
      renderMail('order-confirmation', { ...order, currencyCode: 'XYZ' }, context),
    ).toThrow(/currencyCode: The shop does not sell in that currency/);
  });
});

describe('password-reset', () => {
  it('carries the reset link and says when it expires', () => {
    const url = 'https://shop.example/api/auth/reset-password/abc?callbackURL=%2Faccount';
    const mail = renderMail('password-reset', { url }, context);
    expect(mail.subject).toBe('Reset your Shop password');
    expect(mail.text).toContain(url);
    expect(mail.text).toContain('expires in one hour');
    expect(mail.html).toContain(`href="${url}"`);
  });

  it('accepts only http(s) links', () => {
    expect(() => renderMail('password-reset', { url: 'javascript:alert(1)' })).toThrow(
      'url: The reset link must be an http(s) URL',
    );
  });
});

describe('staff-invite', () => {
  const invite = {
    url: 'https://admin.shop.example/accept-invite?token=abc',
    name: 'Grace',
    role: 'manager',
    invitedBy: 'Ada',
    expiresAt: '2026-12-09T15:00:00.000Z',
  };
  it('carries the one-time link, the role, who invited and the expiry date', () => {
    const mail = renderMail('staff-invite', invite, context);
    expect(mail.subject).toBe('You are invited to the Shop admin');
    expect(mail.text).toContain(invite.url);
    expect(mail.text).toContain('Ada invited you to the Shop admin as manager');
    expect(mail.text).toContain('expires on 2026-12-09');
    expect(mail.html).toContain(`href="${invite.url}"`);
  });

  it('refuses a role that does not exist and a non-http link', () => {
    expect(() => renderMail('staff-invite', { ...invite, role: 'admin' })).toThrow(
      MailTemplateError,
    );
    expect(() => renderMail('staff-invite', { ...invite, url: 'javascript:alert(1)' })).toThrow(
      'url: The invitation link must be an http(s) URL',
    );
  });
});

describe('payment-refunded', () => {
  it('explains that stock ran out and states the refunded amount (no order was placed)', () => {
    // As the core's refundPayment enqueues it for a payment that arrived too late.
    const mail = renderMail(
      'payment-refunded',
      { amount: 6024, currencyCode: 'EUR', reason: 'Linen shirt — M is sold out.' },
      context,
    );
    expect(mail.subject).toBe('Your order was refunded: the items sold out');
    for (const body of [mail.text, squash(mail.html)]) {
      expect(body).toContain('€60.24');
      expect(body).toContain('stock ran out');
      expect(body).not.toContain('is sold out.');
    }
  });

  it('lists the items and names the order when given', () => {
    const mail = renderMail(
      'payment-refunded',
      {
        kind: 'unfulfillable',
        amount: 6024,
        currencyCode: 'EUR',
        orderNumber: 1042,
        items: ['2 × Linen shirt — M'],
      },
      context,
    );
    expect(mail.subject).toBe('Order #1042 was refunded: the items sold out');
    expect(squash(mail.html)).toContain('<li>2 × Linen shirt — M</li>');
    expect(mail.text).toContain('- 2 × Linen shirt — M');
  });

  it('does not blame stock for a refund of a placed order, nor show the staff’s reason', () => {
    const mail = renderMail(
      'payment-refunded',
      { amount: 1999, currencyCode: 'USD', orderNumber: 1042, reason: 'customer was rude' },
      context,
    );
    expect(mail.subject).toBe('Order #1042: $19.99 refunded');
    for (const body of [mail.text, squash(mail.html)]) {
      expect(body).toContain('We have refunded $19.99 for order #1042');
      expect(body).not.toContain('stock');
      expect(body).not.toContain('rude');
    }
  });
});

describe('order-shipped', () => {
  const shipped: MailTemplateData['order-shipped'] = {
    number: 1042,
    accessToken: 'tok_abc123',
    lines: [{ title: 'Linen shirt', variantTitle: 'M', sku: 'LS-M', quantity: 2 }],
    carrier: 'UPS',
    trackingNumber: '1Z<999>',
    trackingUrl: 'https://ups.example/track?n=1Z999&x=1',
    isPartial: true,
  };

  it('names the lines, carrier and tracking, links the guest to the order and says more follows', () => {
    const mail = renderMail('order-shipped', shipped, context);
    expect(mail.subject).toBe('Part of order #1042 has shipped');
    expect(mail.text).toContain('UPS, tracking number 1Z<999>');
    expect(mail.text).toContain('Track it: https://ups.example/track?n=1Z999&x=1');
    expect(mail.text).toContain('- 2 × Linen shirt — M');
    expect(mail.text).toContain('https://shop.example/account/orders/1042?token=tok_abc123');
    expect(mail.text).toContain('The rest of your order will follow');
    const body = squash(mail.html);
    expect(body).toContain('<strong>1Z&lt;999&gt;</strong>');
    expect(body).toContain('href="https://ups.example/track?n=1Z999&amp;x=1"');
  });

  it('says the whole order shipped, and refuses a tracking link that is not http(s)', () => {
    const mail = renderMail(
      'order-shipped',
      { ...shipped, isPartial: false, trackingUrl: null, accessToken: null },
      context,
    );
    expect(mail.subject).toBe('Order #1042 has shipped');
    expect(mail.text).not.toContain('Track it');
    expect(mail.text).not.toContain('follow');
    expect(() =>
      renderMail('order-shipped', { ...shipped, trackingUrl: 'javascript:alert(1)' }, context),
    ).toThrow(MailTemplateError);
  });
});

describe('renderMail', () => {
  it('refuses an unknown template, listing the known ones', () => {
    expect(() => renderMail('welcome', {})).toThrow(
      'Unknown mail template "welcome"; known templates: order-confirmation, password-reset, payment-refunded, order-shipped, staff-invite.',
    );
    expect(() => renderMail('toString', {})).toThrow(MailTemplateError);
  });
});
