/**
 * Walls between layers that a linter can hold (STYLE.md, "Packages and boundaries"):
 *
 * - `coreWalls`: the commerce core imports no framework — no Next.js, no tRPC, no React — so it
 *   runs the same from a route, the worker, a script and a test.
 * - `client-boundary`: a client component (a file that starts with the `'use client'` directive)
 *   imports no server code: not the database, not the core, not the API routers, not the auth
 *   or payments servers, not the app's own `~/server/*`. Type-only imports stay allowed (a tRPC
 *   client needs the router's type, which erases to nothing in the bundle).
 */

const FRAMEWORKS = ['next', 'next/*', 'react', 'react/*', 'react-dom', 'react-dom/*', '@trpc/*'];

export const coreWalls = {
  files: ['src/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: FRAMEWORKS,
            message:
              'The commerce core imports no framework (Next.js, tRPC, React): adapters live in packages/api and the apps.',
          },
        ],
      },
    ],
  },
};

/** Module specifiers a browser bundle must never pull in. */
const SERVER_ONLY = [
  /^@shop\/db(\/|$)/,
  /^@shop\/core(\/|$)/,
  /^@shop\/api(\/|$)/,
  /^@shop\/auth(\/|$)/,
  /^@shop\/payments(\/|$)/,
  /^@shop\/mail(\/|$)/,
  /^@shop\/logger(\/|$)/,
  /^@shop\/services(\/|$)/,
  /^~\/server(\/|$)/,
  /^(pg|postgres|drizzle-orm)(\/|$)/,
  /^node:/,
];

const clientBoundary = {
  meta: {
    type: 'problem',
    docs: { description: "A 'use client' file imports no server code." },
    messages: {
      server:
        "'{{source}}' is server code; a client component may import only its types (import type) or @shop/validators, @shop/money and UI code.",
    },
    schema: [],
  },
  create(context) {
    const body = context.sourceCode.ast.body;
    const isClient = body.some(
      (node) => node.type === 'ExpressionStatement' && node.directive === 'use client',
    );
    if (!isClient) return {};
    const check = (node, source, typeOnly) => {
      if (typeOnly || typeof source !== 'string') return;
      if (SERVER_ONLY.some((re) => re.test(source)))
        context.report({ node, messageId: 'server', data: { source } });
    };
    return {
      ImportDeclaration(node) {
        const typeOnly =
          node.importKind === 'type' ||
          (node.specifiers.length > 0 &&
            node.specifiers.every((s) => s.type === 'ImportSpecifier' && s.importKind === 'type'));
        check(node, node.source.value, typeOnly);
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(node, node.source.value, false);
      },
    };
  },
};

export const wallsPlugin = { rules: { 'client-boundary': clientBoundary } };

export const clientWalls = {
  files: ['**/*.ts', '**/*.tsx'],
  plugins: { walls: wallsPlugin },
  rules: { 'walls/client-boundary': 'error' },
};

/**
 * `shopWalls`: in an app, only the file that builds the process's Shop (`src/server/shop.ts` in
 * the Next apps, `src/main.ts` in the worker) may import the database client or build a payment
 * provider; everything else asks the Shop.
 */
export const shopWalls = {
  files: ['src/**/*.ts', 'src/**/*.tsx'],
  ignores: ['src/server/shop.ts', 'src/main.ts', '**/*.test.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: [
          {
            name: '@shop/db/client',
            message: 'Ask the Shop (src/server/shop.ts) for the database; only it builds one.',
            allowTypeImports: true,
          },
        ],
      },
    ],
  },
};
