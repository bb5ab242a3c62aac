// Two tiers of rules:
// - shipped code (package.json, nodes/, credentials/) is held to n8n's community-node verification
//   rules: eslint-plugin-n8n-nodes-base (community, nodes, credentials sets) and
//   @n8n/eslint-plugin-community-nodes (recommended);
// - everything else (emulator, tests, benchmarks, tooling) gets typescript-eslint's recommended
//   rules; it may use fs, process and timers because it never ships.
// Do not run with NODE_ENV=test: a plugin rule then misreads file names.
// `npm run lint:n8n` (scripts/n8nNodeLint.ts) also runs @n8n/node-cli's `n8n-node lint`, with
// node-cli's own default config, over a copy of the shipped files. This file stays custom, so
// `n8n-node cloud-support` reports "NOT eligible": it only says "eligible" for node-cli's default
// config verbatim, which would hold the emulator, tests and tools to the cloud rules as well.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import globals from 'globals';

const communityRecommended = n8nCommunityNodesPlugin.configs.recommended;

export default tseslint.config(
	{
		ignores: [
			'dist/**',
			'node_modules/**',
			'.cache/**',
			'.e2e/**',
			'.emulator/**',
			'coverage/**',
			'.probe/**',
		],
	},
	{
		files: ['**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended],
		languageOptions: { globals: { ...globals.node } },
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
		},
	},
	{
		files: ['**/*.js', '**/*.mjs'],
		extends: [js.configs.recommended],
		languageOptions: { globals: { ...globals.node } },
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		extends: [communityRecommended],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			'no-console': 'error',
			...n8nNodesBase.configs.community.rules,
		},
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// As in n8n's own node-cli config: this rule expects an n8n docs slug, not a full URL.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// As in n8n's own node-cli config: these predate NodeConnectionTypes and maxValue support.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	{
		files: ['package.json'],
		extends: [communityRecommended],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
		rules: {
			...n8nNodesBase.configs.community.rules,
		},
	},
);
