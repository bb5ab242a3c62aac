import type { FaultProfile } from './faults';

/** Profiles for `--faults NAME`. `none` turns fault injection off. */
export const NAMED_FAULT_PROFILES: Readonly<Record<string, FaultProfile | null>> = {
	none: null,
	/** A bit of everything, about one request in ten. */
	flaky: { probability: 0.1, latencyMs: 1500, retryAfterSeconds: 2, stallMs: 1500 },
	/** Throttling as a shared account sees it: 429s with and without Retry-After. */
	'rate-limited': { probability: 0.3, kinds: ['429', '429-retry-after'], retryAfterSeconds: 5 },
	/** Server and proxy errors. */
	'server-errors': { probability: 0.2, kinds: ['500', '502', '503'] },
	/** Broken transport: resets, cut-off bodies, and answers slow enough to hit client timeouts. */
	network: { probability: 0.15, kinds: ['reset', 'truncated-json', 'latency'], latencyMs: 30_000 },
	/** At-least-once delivery: pages served twice, and "maybe more" pages that are empty. */
	duplicates: { probability: 0.25, kinds: ['redeliver', 'empty-has-more'] },
	slow: { probability: 0.5, kinds: ['latency'], latencyMs: 2000 },
	/** 200s a client cannot use as they are: cut off, hanging, HTML, the wrong JSON, junk entries. */
	'bad-bodies': {
		probability: 0.2,
		kinds: [
			'drop-after-headers',
			'stall-body',
			'html-200',
			'wrong-shape-200',
			'malformed-records',
			'truncated-json',
		],
		stallMs: 30_000,
	},
	/** Cursors the API refuses or does not advance: tests recovery rather than plain retrying. */
	'cursor-trouble': { probability: 0.2, kinds: ['refuse-cursor', 'empty-has-more', 'redeliver'] },
};

export function faultProfileByName(name: string): FaultProfile | null {
	if (!(name in NAMED_FAULT_PROFILES)) {
		throw new Error(
			`Unknown fault profile "${name}"; choose one of ${Object.keys(NAMED_FAULT_PROFILES).join(', ')}`,
		);
	}
	return NAMED_FAULT_PROFILES[name];
}
