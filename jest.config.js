/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json' }],
	},
	// Integration tests start servers; give them room on a 2-core machine without hiding hangs.
	testTimeout: 30000,
	setupFiles: ['<rootDir>/test/support/timerGuard.js'],
	reporters: ['default', '<rootDir>/test/support/plain-summary-reporter.js'],
};
