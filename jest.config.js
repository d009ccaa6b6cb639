/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type checking runs once in `npm test` (tsc --noEmit); the transformer only transpiles.
    '^.+\\.ts$': 'ts-jest',
  },
  testTimeout: 20000,
};
