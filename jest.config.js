// Force UTC so bucket edges and ISO strings do not depend on the machine's zone.
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');

// The scaffold only transforms .ts/.js; d3-color 3.1.1 ships its entry as .mjs (see docs/reference/toolchain.md §3c).
const swc = base.transform['^.+\\.(t|j)sx?$'];
const shared = {
  ...base,
  transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
  moduleFileExtensions: ['js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx', 'json', 'node'],
};

module.exports = {
  projects: [
    {
      // The plugin as Grafana loads it: core engine, adapters and editors, in jsdom.
      ...shared,
      displayName: 'plugin',
      testMatch: ['<rootDir>/src/**/*.test.{ts,tsx}'],
    },
    {
      // Real servers and processes: tenant emulator, Grafana-proxy stand-in, runner, integration.
      ...shared,
      displayName: 'node',
      testEnvironment: 'node',
      setupFilesAfterEnv: [],
      testMatch: [
        '<rootDir>/emulator/**/*.test.ts',
        '<rootDir>/tools/**/*.test.ts',
        '<rootDir>/integration/**/*.test.ts',
        '<rootDir>/conformance/**/*.test.ts',
        '<rootDir>/demo/**/*.test.ts',
        '<rootDir>/scripts/**/*.test.ts',
      ],
    },
  ],
};
