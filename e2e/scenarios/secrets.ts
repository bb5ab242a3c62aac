/**
 * No bearer token handed to n8n shows up in anything n8n wrote: its database (with WAL), its
 * config and event logs, the installed-package folder, n8n's console and file logs, or any
 * execution's data. Run after n8n has stopped, so everything is flushed.
 */
import fs from 'node:fs';
import path from 'node:path';

import type { ExecutionSummary } from '../n8n/client';
import type { SuiteContext } from '../context';

function filesUnder(dir: string): string[] {
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
