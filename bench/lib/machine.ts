/** What the figures were measured on: they only mean something next to this. */
import { readFileSync } from 'node:fs';
import { cpus, getPriority, loadavg, release, totalmem } from 'node:os';
import { resolve } from 'node:path';

export interface Machine {
	cpu: string;
	cores: number;
	memoryGiB: number;
	kernel: string;
	node: string;
	n8nWorkflow: string;
	n8nCore: string;
	/** 1-minute load average when the run started: other work on the machine shows here. */
	loadAtStart: number;
	/** Scheduling priority (nice) of the run; below 0 when started with `nice -n -10` on a busy machine. */
	nice: number;
}

function packageVersion(name: string): string {
	const file = resolve(__dirname, '../../node_modules', name, 'package.json');
	return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

export function describeMachine(): Machine {
	const processors = cpus();
	return {
		cpu: processors[0]?.model ?? 'unknown',
		cores: processors.length,
		memoryGiB: Math.round(totalmem() / 1024 ** 3),
		kernel: release(),
		node: process.version,
		n8nWorkflow: packageVersion('n8n-workflow'),
		n8nCore: packageVersion('n8n-core'),
		loadAtStart: loadavg()[0],
		nice: getPriority(),
	};
}

export function currentLoad(): number {
	return loadavg()[0];
}
