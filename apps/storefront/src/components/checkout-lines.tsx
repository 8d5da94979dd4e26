import { formatMoney } from '@shop/money';
import { ProductImage } from './product-image';

export interface LineFigures {
  id: number;
  productTitle: string;
  variantTitle: string;
  unitPrice: number;
  quantity: number;
  subtotal: number;
  thumbnailUrl?: string | null;
}

/** The lines of a cart or order as the server priced them: quantity × unit price = line total. */
export function CheckoutLines({
  lines,
  currencyCode,
}: {
  lines: LineFigures[];
  currencyCode: string;
}) {
  const money = (amount: number) => formatMoney(amount, currencyCode);
  return (
    <ul className="flex flex-col gap-4">
      {lines.map((line) => (
        <li key={line.id} className="flex items-start gap-3 text-sm" data-testid="summary-line">
          {line.thumbnailUrl !== undefined ? (
            <div className="relative aspect-[4/5] w-14 shrink-0 overflow-visible rounded-sm bg-neutral-100">
              {line.thumbnailUrl ? (
                <ProductImage src={line.thumbnailUrl} alt="" sizes="56px" className="rounded-sm" />
              ) : null}
              <span className="absolute -top-2 -right-2 inline-flex h-5 min-w-5 items-center justify-center rounded-full bg-neutral-700 px-1 text-xs font-semibold text-white tabular-nums">
                <span className="sr-only">Quantity </span>
                {line.quantity}
              </span>
            </div>
          ) : null}
          <div className="min-w-0 flex-1">
            <p className="font-medium">{line.productTitle}</p>
            <p className="text-neutral-600">{line.variantTitle}</p>
            <p className="text-neutral-600 tabular-nums">
              {line.quantity} × {money(line.unitPrice)}
            </p>
          </div>
          <p className="font-medium tabular-nums">{money(line.subtotal)}</p>
        </li>
      ))}
    </ul>
  );
}
