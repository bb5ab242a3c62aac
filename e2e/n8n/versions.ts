/**
 * The n8n releases this package is proven on, and what differs between them when driving one
 * headless. One place to bump a pin: `npm start`, the e2e suite and CI all read it.
 */

/** Node.js for running n8n: 2.36+ needs 24, and 1.123's isolated-vm has no Node.js 20 build. */
export const NODE_VERSION = '24.21.0';

export interface N8nRelease {
	/** Exact version installed from the npm registry. */
	readonly version: string;
	/** Major line, for messages: "2.x" or "1.x". */
	readonly line: string;
	/** npm `overrides` the install needs (1.123 pins xlsx to a tarball outside the registry). */
	readonly overrides: Readonly<Record<string, string>>;
	/**
	 * The sqlite3 this release installs (its only native module to build). Built from source
	 * while n8n installs, to save minutes on a first run; a different version found after the
	 * install is built then instead, so a wrong value only costs time.
	 */
	readonly sqlite3: string;
	/** n8n CLI arguments that activate (2.x: publish) an imported workflow before `n8n start`. */
	activateCommand(workflowId: string): string[];
	/** Backend modules to switch off: those that would reach the internet. 1.x knows none of them. */
	readonly disabledModules: readonly string[];
	/**
	 * Whether the credential Test button shows the credential's own `responseCode` rule messages.
	 * n8n 1.x's NodeApiError drops the HTTP response from its cause, so its tester never matches
	 * the rules and shows its generic "Authorization failed - please check your credentials".
	 */
	readonly credentialTestUsesRuleMessages: boolean;
}

export const N8N_RELEASES: Readonly<Record<string, N8nRelease>> = {
	'2.41.1': {
		version: '2.41.1',
		line: '2.x',
		overrides: {},
		sqlite3: '5.1.7',
		activateCommand: (id) => ['publish:workflow', `--id=${id}`],
		disabledModules: ['mcp-registry'],
		credentialTestUsesRuleMessages: true,
	},
	'1.123.81': {
		version: '1.123.81',
		line: '1.x',
		overrides: { xlsx: '0.18.5' },
		sqlite3: '5.1.7',
		activateCommand: (id) => ['update:workflow', `--id=${id}`, '--active=true'],
		disabledModules: [],
		credentialTestUsesRuleMessages: false,
	},
};

/** What `npm start` runs unless told otherwise: the newest 2.x that installs from the registry. */
export const DEFAULT_N8N_VERSION = '2.41.1';

export function n8nRelease(version: string): N8nRelease {
	const release = N8N_RELEASES[version];
	if (!release) {
		throw new Error(
			`n8n ${version} is not one of the pinned releases: ${Object.keys(N8N_RELEASES).join(', ')}`,
		);
	}
	return release;
}
