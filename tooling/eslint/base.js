import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Shared lint rules. Boundaries from STYLE.md that a linter can hold are here:
 * no `any`, no non-null `!`, no `process.env` outside env.ts files.
 */
export default tseslint.config(
  {
    ignores: ['**/.next/**', '**/dist/**', '**/drizzle/**', '**/node_modules/**', 'next-env.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': ['warn', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through env.ts.' },
      ],
    },
  },
  {
    files: [
      '**/env.ts',
      '**/*.config.ts',
      '**/*.test.ts',
      '**/test/**',
      '**/scripts/**',
      '**/src/cli.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
);
