import config from '@tandem/eslint-config';

export default [
  ...config,
  {
    // The editor package is loaded on first use (src/documents/document-editor.ts, DECISIONS): a value
    // import anywhere else would load it into every process at start again.
    files: ['src/**/*.ts'],
    ignores: ['src/documents/document-editor.ts', 'src/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@tandem/editor',
              allowTypeImports: true,
              message: 'Load it with documentEditor() (src/documents/document-editor.ts); its light entries are @tandem/editor/file-urls and /templates.',
            },
          ],
        },
      ],
    },
  },
];
