// Type-aware linting: what tsc lets through (promises left floating, `any` flowing in from
// JSON, objects stringified as "[object Object]", assertions that assert nothing). Layout is
// prettier's job (`npm run format`), so no stylistic rule is on here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'node_modules/', 'coverage/', 'benchmarks/', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Escapers and parsers strip control characters on purpose (untrusted text into markdown, SVG, XML).
      'no-control-regex': 'off',
      // A command or a fake is async by contract: a synchronous body stays async so that what it
      // throws arrives as a rejection, as callers expect.
      '@typescript-eslint/require-await': 'off',
      // More than five positional parameters is where call sites start swapping arguments: take an object.
      'max-params': ['error', 5],
      // `_name` marks a parameter or a destructured field that is deliberately left out.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['__tests__/**/*.ts'],
    rules: {
      // Tests read JSON the CLI printed (`JSON.parse` is `any`) and let jest's matchers check its shape.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
