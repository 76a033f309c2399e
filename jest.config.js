// Two projects: `unit` (pure: no Java, no browser, no DynamoDB) and `local` (integration, e2e and
// infra, sharing one DynamoDB Local per run through globalSetup). TypeScript and TSX through swc;
// middy, cookie, preact, email-reply-parser and Observable Plot with its d3 modules, linkedom and its parsers (ESM-only) transformed so the CommonJS test runtime can load them.
/** @type {import('jest').Config['transform']} */
const transform = {
  '^.+\\.tsx$': [
    '@swc/jest',
    {
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', tsx: true },
        transform: { react: { runtime: 'automatic', importSource: 'preact' } },
      },
      module: { type: 'commonjs' },
    },
  ],
  '^.+\\.(t|j)s$|^.+\\.mjs$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
};
const common = {
  testEnvironment: 'node',
  transform,
  transformIgnorePatterns: [
    '/node_modules/(?!(@middy|cookie|preact|email-reply-parser|@observablehq|d3|d3-[a-z-]+|internmap|delaunator|robust-predicates|isoformat|interval-tree-1d|linkedom|css-select|css-what|boolbase|nth-check|cssomnom|htmlparser2|uhyphen|domhandler|domutils|entities|dom-serializer|domelementtype|html-escaper)/)',
  ],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', roots: ['<rootDir>/test/unit'], testMatch: ['**/*.test.ts', '**/*.test.tsx'] },
    {
      ...common,
      displayName: 'local',
      roots: ['<rootDir>/test/integration', '<rootDir>/test/e2e', '<rootDir>/test/infra'],
      testMatch: ['**/*.test.ts', '**/*.test.tsx'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
