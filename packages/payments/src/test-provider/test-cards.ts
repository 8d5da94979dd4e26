/**
 * Card numbers the test provider understands. They are the numbers Stripe documents for its test
 * mode, so a shopper who learned them on one works on the other. Spaces and dashes are ignored.
 */
export const TEST_CARDS = [
  {
    number: '4242 4242 4242 4242',
    outcome: 'succeeded',
    description: 'Succeeds.',
    message: null,
    country: 'US',
    brand: 'visa',
  },
  {
    number: '4000 0000 0000 0002',
    outcome: 'declined',
    description: 'Declined (generic decline).',
    message: 'Your card was declined.',
    country: 'US',
    brand: 'visa',
  },
  {
    number: '4000 0000 0000 9995',
    outcome: 'declined',
    description: 'Declined for insufficient funds.',
    message: 'Your card has insufficient funds.',
    country: 'US',
    brand: 'visa',
  },
  {
    number: '4000 0082 6000 0000',
    outcome: 'succeeded',
    description: 'Succeeds; a card issued in the United Kingdom.',
    message: null,
    country: 'GB',
    brand: 'visa',
  },
] as const;

export type TestCard = (typeof TEST_CARDS)[number];

/** What every other number gets: a decline that tells the shopper how to pay in a test shop. */
export const UNKNOWN_CARD_MESSAGE =
  'This is a test shop: use a test card such as 4242 4242 4242 4242.';

export function normalizeCardNumber(input: string): string {
  return input.replace(/[\s-]/g, '');
}

export function findTestCard(cardNumber: string): TestCard | undefined {
  const digits = normalizeCardNumber(cardNumber);
  return TEST_CARDS.find((card) => normalizeCardNumber(card.number) === digits);
}
