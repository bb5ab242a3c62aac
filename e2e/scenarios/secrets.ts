/**
 * No bearer token handed to n8n shows up in anything n8n wrote: its database (with WAL), its
 * config and event logs, the installed-package folder, n8n's console and file logs, or any
 * execution's data. The 1Password Connect token (of the examples' names) gets a check of its own,
 * with controls that it was really used and that Connect's answers are within the scan's reach.
 * Run after n8n has stopped, so everything is flushed.
 */
import fs from 'node:fs';
import path from 'node:path';

import type { ExecutionSummary } from '../n8n/client';
import type { SuiteContext } from '../context';

/** Every file below a folder (node_modules left out). */
export function filesUnder(dir: string): string[] {
	if (!fs.existsSync(dir)) return [];
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesUnder(full);
		return entry.isFile() ? [full] : [];
	});
}

/** The whole token and its signature (the secret part on its own, in case it were split). */
function needles(token: string): string[] {
	const signature = token.split('.')[2] ?? '';
	return [token, ...(signature.length >= 20 ? [signature] : [])];
}

export function checkNoTokenLeaks(context: SuiteContext, executions: ExecutionSummary[]): void {
	const files = [...filesUnder(context.userFolder), ...filesUnder(context.logsDir)];
	const tokens = [...new Set(context.tokens)];
	const leaks: string[] = [];
	let bytes = 0;
	// A positive control: an event uuid n8n stored in execution data must be found by the same scan.
	const control = context.source.produced[0]?.uuid ?? '';
	let controlFound = false;
	for (const file of files) {
		const content = fs.readFileSync(file);
		bytes += content.length;
		if (control && content.includes(control)) controlFound = true;
		for (const [index, token] of tokens.entries()) {
			if (needles(token).some((needle) => content.includes(needle)))
				leaks.push(`token #${index + 1} in ${path.relative(context.userFolder, file)}`);
		}
	}
	const executionData = JSON.stringify(executions);
	for (const [index, token] of tokens.entries()) {
		if (needles(token).some((needle) => executionData.includes(needle)))
			leaks.push(`token #${index + 1} in execution data`);
	}
	context.checks.check(
		'no token in n8n database, logs or execution data',
		leaks.length === 0 && tokens.length > 0 && controlFound,
		leaks.length
			? leaks.slice(0, 5).join('; ')
			: `${tokens.length} tokens searched in ${files.length} files (${Math.round(bytes / 1024 / 1024)} MB; the scan found a stored event uuid: ${controlFound}) and ${executions.length} executions`,
	);
}

/**
 * The Connect token, on its own: it never appears in n8n's files, logs or execution data, while
 * Connect did answer n8n with it (the emulator counted successful Connect requests) and the names
 * it answered are in the execution data (so the scan looks where Connect's answers end up).
 */
export function checkNoConnectTokenLeak(
	context: SuiteContext,
	executions: ExecutionSummary[],
): void {
	const token = context.emulator.connectToken;
	const files = [...filesUnder(context.userFolder), ...filesUnder(context.logsDir)];
	const leaks = files
		.filter((file) => fs.readFileSync(file).includes(token))
		.map((file) => path.relative(context.userFolder, file));
	const executionData = JSON.stringify(executions);
	if (executionData.includes(token)) leaks.push('execution data');
	const answered = context.emulator.connectStats().byStatus['200'] ?? 0;
	const names = context.emulator
		.connectDirectory()
		.vaults.filter((vault) => vault.shared)
		.map((vault) => `"vaultName":"${vault.name}"`);
	const namesStored = names.some((name) => executionData.includes(name));
	context.checks.check(
		'no 1Password Connect token in n8n database, logs or execution data',
		leaks.length === 0 && context.tokens.includes(token) && answered > 0 && namesStored,
		leaks.length
			? `found in ${leaks.slice(0, 5).join('; ')}`
			: `searched ${files.length} files and ${executions.length} executions; Connect answered ${answered} requests with it, and the execution data holds names it gave: ${namesStored}`,
	);
}
