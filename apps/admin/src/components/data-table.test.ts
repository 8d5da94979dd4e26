import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import {
  actionsHeader,
  DataTable,
  dateColumn,
  listTable,
  sortHref,
  type DataColumn,
} from './data-table';

interface Row {
  id: number;
  name: string;
  qty: number;
}

const columns: ReadonlyArray<DataColumn<Row>> = [
  { id: 'name', header: 'Name', cell: (r) => r.name, sortKey: 'name' },
  { id: 'qty', header: 'Qty', cell: (r) => r.qty, align: 'right', headerClassName: 'qty-head' },
  { id: 'actions', header: actionsHeader, cell: (r) => `act-${r.id}` },
];
const rows: Row[] = [
  { id: 1, name: 'Tee', qty: 3 },
  { id: 2, name: 'Mug', qty: 0 },
];

const render = (props: Partial<Parameters<typeof DataTable<Row>>[0]> = {}) =>
  renderToStaticMarkup(
    createElement(DataTable<Row>, {
      label: 'Things, by name',
      columns,
      rows,
      rowKey: (r) => String(r.id),
      empty: 'Nothing here.',
      ...props,
    }),
  );

describe('DataTable', () => {
  it('names the table by a caption and scopes every header to its column', () => {
    const html = render();
    expect(html).toContain('<caption class="sr-only">Things, by name</caption>');
    expect(html.match(/<th scope="col"/g)).toHaveLength(3);
    expect(html).toContain('<span class="sr-only">Actions</span>');
    expect(html).toMatch(/<th scope="col" class="[^"]*text-right[^"]*qty-head[^"]*">Qty<\/th>/);
    expect(html).not.toContain('aria-labelledby');
  });

  it('is named by a heading instead of a caption when given its id', () => {
    const html = render({ label: { labelledBy: 'top-queries' } });
    expect(html).toContain('aria-labelledby="top-queries"');
    expect(html).not.toContain('<caption');
  });

  it('renders a row per item in order, the first cell linking to the row’s page', () => {
    const html = render({ rowHref: (r) => `/things/${r.id}`, rowTestId: 'thing-row' });
    expect(html.match(/<tr data-testid="thing-row"/g)).toHaveLength(2);
    expect(html.indexOf('Tee')).toBeLessThan(html.indexOf('Mug'));
    expect(html).toMatch(/<a[^>]*href="\/things\/1"[^>]*>Tee<\/a>/);
    // Only the first column links.
    expect(html).not.toMatch(/<a[^>]*>3<\/a>/);
    expect(html).toContain('act-2');
  });

  it('says the empty sentence across every column when there are no rows', () => {
    const html = render({ rows: [] });
    expect(html).toContain('<td colSpan="3"');
    expect(html).toContain('Nothing here.');
    expect(html).not.toContain('Tee');
  });

  it('marks the sorted column and links its header to the other direction', () => {
    const html = render({
      sort: { by: 'name', dir: 'asc', path: '/things', params: { q: 'a', cursor: '9', back: '-' } },
    });
    expect(html).toContain('aria-sort="ascending"');
    expect(html).toContain('href="/things?q=a&amp;sort=name&amp;dir=desc"');
    // A column without a sort key is plain text.
    expect(html).toMatch(/>Qty<\/th>/);
  });

  it('shows only the pager links the page computed, and none without any', () => {
    const both = render({ pager: { previous: '/things', next: '/things?cursor=2' } });
    expect(both).toContain('aria-label="Pagination"');
    expect(both).toMatch(/href="\/things"[^>]*>Previous<\/a>/);
    expect(both).toMatch(/href="\/things\?cursor=2"[^>]*>Next<\/a>/);
    const nextOnly = render({ pager: { previous: null, next: '/things?cursor=2' } });
    expect(nextOnly).not.toContain('Previous');
    expect(render({ pager: { previous: null, next: null } })).not.toContain('Pagination');
  });

  it('sets a row apart by its class', () => {
    const html = render({ rowClassName: (r) => (r.id === 2 ? 'is-shown' : undefined) });
    expect(html.match(/is-shown/g)).toHaveLength(1);
  });
});

describe('listTable', () => {
  it('makes a table from its fixed parts; the page may name it by a heading instead', () => {
    const Things = listTable<Row>({ label: 'Things', columns, rowKey: (r) => String(r.id) });
    const captioned = renderToStaticMarkup(createElement(Things, { rows, empty: 'None.' }));
    expect(captioned).toContain('<caption class="sr-only">Things</caption>');
    const headed = renderToStaticMarkup(
      createElement(Things, { rows: [], empty: 'None.', label: { labelledBy: 'h' } }),
    );
    expect(headed).toContain('aria-labelledby="h"');
    expect(headed).toContain('None.');
  });
});

describe('dateColumn', () => {
  it('shows a moment in UTC inside a <time> that carries it exactly', () => {
    const column = dateColumn<{ at: Date }>('at', 'When', (r) => r.at);
    const html = renderToStaticMarkup(
      createElement('div', null, column.cell({ at: new Date('2026-12-02T14:30:00Z') })),
    );
    expect(html).toBe(
      '<div><time dateTime="2026-12-02T14:30:00.000Z">2 Dec 2026, 14:30 UTC</time></div>',
    );
  });
});

describe('sortHref', () => {
  it('keeps the other parameters, drops the cursor and empty ones, and sets the sort', () => {
    expect(sortHref('/stock', { q: 'tee', low: '', cursor: '5', back: '-' }, 'sku', 'desc')).toBe(
      '/stock?q=tee&sort=sku&dir=desc',
    );
  });
});
