import type { AddressSnapshot } from '@shop/db/schema';

/**
 * What a checkout attempt froze of its cart (prices, lines, address): everything needed to write
 * the order without reading the cart again.
 */
export interface CheckoutSnapshot {
  email: string;
  customerId: string | null;
  regionId: number;
  taxInclusive: boolean;
  shippingAddress: AddressSnapshot;
  shippingOptionName: string;
  discountCode: string | null;
  lines: Array<{
    variantId: number;
    productId: number;
    productTitle: string;
    variantTitle: string;
    sku: string;
    unitPrice: number;
    quantity: number;
    subtotal: number;
    discountTotal: number;
    taxTotal: number;
    total: number;
  }>;
}

export interface PlacedOrder {
  orderId: number;
  number: number;
  accessToken: string;
  email: string;
}
