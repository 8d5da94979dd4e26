'use client';

import { formatMoney } from '@shop/money';
import type { DashboardDay } from '@shop/validators';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

/** "5 Dec" for a `YYYY-MM-DD` day (UTC, as the dashboard counts days). */
const dayLabel = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});
const labelOf = (date: string) => dayLabel.format(new Date(`${date}T00:00:00Z`));

/**
 * Gross and net sales of one currency per UTC day, as lines. The drawing is hidden from screen
 * readers; the same figures are in the visually hidden table beside it, which is the chart's
 * text alternative (one row per day).
 */
export function SalesChart({
  currencyCode,
  days,
}: {
  currencyCode: string;
  days: readonly DashboardDay[];
}) {
  const money = (amount: number) => formatMoney(amount, currencyCode);
  return (
    <figure className="rounded-lg border border-neutral-200 bg-white p-3">
      <div aria-hidden="true" className="h-64" data-testid="sales-chart">
        <ResponsiveContainer
          width="100%"
          height="100%"
          initialDimension={{ width: 600, height: 256 }}
        >
          <LineChart
            data={[...days]}
            margin={{ top: 8, right: 16, bottom: 0, left: 8 }}
            accessibilityLayer={false}
          >
            <CartesianGrid stroke="var(--color-neutral-200)" vertical={false} />
            <XAxis
              dataKey="date"
              tickFormatter={labelOf}
              tick={{ fontSize: 12, fill: 'var(--color-neutral-600)' }}
              minTickGap={24}
            />
            <YAxis
              tickFormatter={money}
              tick={{ fontSize: 12, fill: 'var(--color-neutral-600)' }}
              width={88}
              allowDecimals={false}
            />
            <Tooltip
              labelFormatter={(label) => labelOf(String(label))}
              formatter={(value) => money(Number(value))}
            />
            <Legend />
            <Line
              type="monotone"
              dataKey="grossSales"
              name="Gross sales"
              stroke="var(--color-accent)"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
            <Line
              type="monotone"
              dataKey="netSales"
              name="Net of refunds"
              stroke="var(--color-neutral-500)"
              strokeDasharray="4 3"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="mt-2 text-xs text-neutral-600">
        Gross sales (solid) and sales net of refunds (dashed) in {currencyCode}, per UTC day.
      </figcaption>
      <table className="sr-only">
        <caption>Sales in {currencyCode} per UTC day</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Orders</th>
            <th scope="col">Gross sales</th>
            <th scope="col">Net of refunds</th>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.date}>
              <th scope="row">{d.date}</th>
              <td>{d.orders}</td>
              <td>{money(d.grossSales)}</td>
              <td>{money(d.netSales)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
