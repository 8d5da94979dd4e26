import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '@shop/services';

/**
 * The walls STYLE.md asks for, held by lint (tooling/eslint/walls.js) and checked here through
 * each package's real ESLint config: the core imports no framework; a client component imports
 * no server code (types only).
 */
async function ruleIds(pkg: string, file: string, code: string): Promise<string[]> {
  const cwd = path.join(repoRoot, pkg);
  const eslint = new ESLint({ cwd });
  const [result] = await eslint.lintText(code, { filePath: path.join(cwd, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('lint walls', () => {
  it('the core may not import Next.js, tRPC or React', async () => {
    const ids = await ruleIds(
      'packages/core',
      'src/catalog/wall-check.ts',
      "import { redirect } from 'next/navigation';\nimport { initTRPC } from '@trpc/server';\nimport { useState } from 'react';\nexport const x = [redirect, initTRPC, useState];\n",
    );
    expect(ids.filter((id) => id === 'no-restricted-imports')).toHaveLength(3);
    expect(
      await ruleIds(
        'packages/core',
        'src/catalog/wall-check.ts',
        "import { sql } from 'drizzle-orm';\nexport const x = sql;\n",
      ),
    ).toEqual([]);
  });

  for (const app of ['apps/storefront', 'apps/admin']) {
    it(`a client component of ${app} may not import the database, the core or server code`, async () => {
      const client = (imports: string) =>
        `'use client';\n${imports}\nexport function C() { return null; }\n`;
      const ids = await ruleIds(
        app,
        'src/components/wall-check.tsx',
        client(
          "import { getDb } from '@shop/db/client';\nimport { loadCart } from '@shop/core';\nimport { storefrontCaller } from '~/server/cart';\nexport const x = [getDb, loadCart, storefrontCaller];",
        ),
      );
      expect(ids.filter((id) => id === 'walls/client-boundary')).toHaveLength(3);
      // Types and the shared schemas are fine; so is server code in a server component.
      expect(
        await ruleIds(
          app,
          'src/components/wall-check.tsx',
          client(
            "import type { CartView } from '@shop/core';\nimport { zAddress } from '@shop/validators';\nexport const x: CartView | null = null;\nexport const y = zAddress;",
          ),
        ),
      ).toEqual([]);
      expect(
        await ruleIds(
          app,
          'src/components/wall-check.tsx',
          "import { loadCart } from '@shop/core';\nexport const x = loadCart;\n",
        ),
      ).toEqual([]);
    });
  }

  for (const [app, shopFile] of [
    ['apps/storefront', 'src/server/shop.ts'],
    ['apps/admin', 'src/server/shop.ts'],
    ['apps/worker', 'src/main.ts'],
  ] as const) {
    it(`in ${app} only ${shopFile} imports the database client`, async () => {
      const code = "import { createDb } from '@shop/db/client';\nexport const x = createDb;\n";
      expect(await ruleIds(app, 'src/server/catalog-copy.ts', code)).toContain(
        'no-restricted-imports',
      );
      expect(await ruleIds(app, shopFile, code)).toEqual([]);
      expect(
        await ruleIds(
          app,
          'src/server/catalog-copy.ts',
          "import type { Db } from '@shop/db/client';\nexport type X = Db;\n",
        ),
      ).toEqual([]);
    });
  }
});
