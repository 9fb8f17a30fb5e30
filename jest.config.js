// Unit specs sit beside the code; integration specs (test/*.e2e-spec.ts) boot the real app on a real PostgreSQL.
// Jest runs in its ESM mode because NestJS 12 ships as ES modules (node --experimental-vm-modules, see scripts/test.mjs).
const aliases = {
  '^@vigia/audit-api$': '<rootDir>/libs/audit/src/api',
  '^@vigia/(common|config|database|audit|auth|institutions|reviews|schema|catalogues|deliverables|workshops|timeline|demo|findings|evidence|queue|reminders|reports)$':
    '<rootDir>/libs/$1/src',
};

const ESM_REQUIRED_FROM_CJS = ['content-disposition'];

/** @type {import('jest').Config} */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.spec.json', diagnostics: false, useESM: true }],
    // ES-module-only packages that CommonJS dependencies require(): Node 20 loads them natively,
    // jest's module loader cannot, so they are compiled to CommonJS for the tests only.
    [`/node_modules/(${ESM_REQUIRED_FROM_CJS.join('|')})/.+\\.js$`]: [
      'ts-jest',
      { tsconfig: 'tsconfig.spec-js.json', diagnostics: false, useESM: true },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_REQUIRED_FROM_CJS.join('|')})/)`],
  moduleNameMapper: aliases,
  testMatch: [
    '<rootDir>/libs/**/*.spec.ts',
    '<rootDir>/apps/**/*.spec.ts',
    '<rootDir>/test/**/*.spec.ts',
    '<rootDir>/test/**/*.e2e-spec.ts',
  ],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
};
