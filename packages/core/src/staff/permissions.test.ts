import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { API_TOKEN_SCOPES, can, PERMISSIONS, STAFF_ROLES, type Permission } from './permissions';

const docPath = fileURLToPath(new URL('../../../../docs/permissions.md', import.meta.url));
const BEGIN = '<!-- matrix:begin (checked by packages/core/src/staff/permissions.test.ts) -->';
const END = '<!-- matrix:end -->';

/** The matrix as the Markdown table docs/permissions.md carries between its markers. */
function matrixTable(): string {
  const permissions = Object.keys(PERMISSIONS) as Permission[];
  const header = `| Permission | What it allows | ${STAFF_ROLES.join(' | ')} | API token |`;
  const rule = `|---|---|${STAFF_ROLES.map(() => '---|').join('')}---|`;
  const rows = permissions.map((p) => {
    const cells = STAFF_ROLES.map((role) => (can(role, p) ? 'yes' : '—'));
    const token = (API_TOKEN_SCOPES as readonly string[]).includes(p) ? 'scope' : '—';
    return `| \`${p}\` | ${PERMISSIONS[p]} | ${cells.join(' | ')} | ${token} |`;
  });
  return [header, rule, ...rows].join('\n');
}

/** A table's cells, whatever padding a formatter gave its columns. */
function cells(table: string): string[][] {
  return table
    .trim()
    .split('\n')
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim().replace(/^-+$/, '---')),
    );
}

describe('the permission matrix', () => {
  it('is the table docs/permissions.md shows (regenerate it from this test when it changes)', () => {
    const doc = readFileSync(docPath, 'utf8');
    const start = doc.indexOf(BEGIN);
    const end = doc.indexOf(END);
    expect(start, `docs/permissions.md lacks the marker ${BEGIN}`).toBeGreaterThanOrEqual(0);
    expect(cells(doc.slice(start + BEGIN.length, end))).toEqual(cells(matrixTable()));
  });

  it('gives support orders, customers and refunds but no catalog, stock or settings edits', () => {
    for (const p of ['orders:read', 'orders:refund', 'customers:read'] as const)
      expect(can('support', p)).toBe(true);
    for (const p of ['products:write', 'stock:write', 'settings:write', 'discounts:write'] as const)
      expect(can('support', p)).toBe(false);
  });

  it('gives managers everything but staff and tokens, and only the owner manages staff', () => {
    for (const p of Object.keys(PERMISSIONS) as Permission[]) {
      expect(can('owner', p)).toBe(true);
      expect(can('manager', p)).toBe(p !== 'staff:manage' && p !== 'tokens:manage');
    }
  });
});
