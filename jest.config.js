/** @type {import('jest').Config} */
const typescript = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }] };

module.exports = {
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			roots: ['<rootDir>/test'],
			testMatch: ['**/*.test.ts'],
			transform: typescript,
		},
		{
			// A real n8n per test file: run these one at a time (`--runInBand`, see scripts/test.sh).
			displayName: 'e2e',
			testEnvironment: 'node',
			roots: ['<rootDir>/e2e'],
			testMatch: ['**/*.e2e.test.ts'],
			setupFiles: ['<rootDir>/e2e/support/fetch.js'],
			transform: typescript,
		},
	],
	testTimeout: 30000,
};
