/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts', '**/*.test.js'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }] },
	// Tests talk to nock or to servers they start on 127.0.0.1 only.
	testTimeout: 20000,
	setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
};
