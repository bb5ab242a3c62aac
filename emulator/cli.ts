import { EMULATOR_USAGE, parseEmulatorCli } from './cli-options';
import { startEmulator, type Emulator } from './index';

/** E.g. "5 of 6 vaults shared (not shared: IT Admin)". */
function connectSharing(emulator: Emulator): string {
	const { vaults } = emulator.connectDirectory();
	const unshared = vaults.filter((vault) => !vault.shared).map((vault) => vault.name);
	const shared = `${vaults.length - unshared.length} of ${vaults.length} vaults shared`;
	return unshared.length > 0 ? `${shared} (not shared: ${unshared.join(', ')})` : shared;
}

/** `npm run emulator`: a local 1Password Events API for development. Never for production. */
async function main(): Promise<void> {
	const config = parseEmulatorCli(process.argv.slice(2), process.env);
	if (config.help) {
		process.stdout.write(EMULATOR_USAGE);
		return;
	}
	const emulator = await startEmulator(config.options);
	const { options } = config;
	const backlog =
		typeof options.backlog === 'number'
			? `${options.backlog} per type`
			: JSON.stringify(options.backlog);
	const live = options.live
		? `${options.live.perSecond}/s per type, late ratio ${options.live.lateRatio}`
		: 'off';
	const rate = options.rateLimit
		? `${options.rateLimit.perMinute}/min, ${options.rateLimit.perHour}/h, Retry-After ${options.rateLimit.retryAfter ? 'on' : 'off'}`
		: 'off';
	const lines = [
		`1Password Events API emulator listening on ${emulator.url}`,
		`  audience ${emulator.audience} | account ${emulator.accountUuid} | key file ${options.keyFile}`,
		`  backlog ${backlog} | live ${live} | rate limit ${rate} | faults ${config.faultsName}`,
		`  settings ${JSON.stringify(emulator.settings())}`,
		`  admin API: ${emulator.url}/admin/stats (loopback only)`,
		`  1Password Connect API: ${emulator.url} (GET /v1/vaults, /v1/vaults/{id}, /v1/vaults/{id}/items) | ${connectSharing(emulator)}`,
	];
	if (config.printToken) {
		lines.push(
			'',
			'Bearer token (itemusages, signinattempts, auditevents; never expires):',
			emulator.issueToken(),
			'',
		);
		lines.push(
			'Connect token (Connect paths only; the Events API refuses it):',
			emulator.connectToken,
			'',
		);
		lines.push(
			`Try: curl -s -H "Authorization: Bearer $TOKEN" ${emulator.url}/api/v2/auth/introspect`,
			`     curl -s -H "Authorization: Bearer $CONNECT_TOKEN" ${emulator.url}/v1/vaults`,
		);
	}
	process.stdout.write(`${lines.join('\n')}\n`);

	const shutdown = (signal: string): void => {
		process.stdout.write(`\n${signal}: stopping emulator\n`);
		emulator.stop().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', () => shutdown('SIGINT'));
	process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
	process.stderr.write(`emulator: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
