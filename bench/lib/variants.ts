/**
 * What is drained side by side: the two baselines of issue 6 and the real trigger with raw and
 * with simplified output. (The raw output with an action filter is kept for bench:compare and
 * bench:profile, which can name it; `npm run bench` drains the four below.)
 */
import type { IDataObject } from 'n8n-workflow';

import { bareClientDrain } from './bareClient';
import type { DrainFn } from './drainSetup';
import { nodeTriggerDrain } from './nodeTrigger';
import { thinTriggerDrain } from './thinTrigger';

export type VariantId = 'bare' | 'thin' | 'nodeRaw' | 'nodeSimplified' | 'nodeFiltered';

export interface Variant {
	id: VariantId;
	label: string;
	drain: DrainFn;
	node: boolean;
}

/** An alerting-style filter: 4 of the 11 item usage actions, about a third of the events. */
export const BENCH_FILTERS: IDataObject = {
	itemUsageActions: ['reveal', 'export', 'secure-copy', 'share'],
};

const ALL: Variant[] = [
	{ id: 'bare', label: '(a) bare client: fetch + JSON.parse', drain: bareClientDrain, node: false },
	{
		id: 'thin',
		label: '(b) thin trigger: n8n helper, nothing else',
		drain: thinTriggerDrain(),
		node: false,
	},
	{
		id: 'nodeRaw',
		label: 'node, raw output',
		drain: nodeTriggerDrain({ output: 'raw' }),
		node: true,
	},
	{
		id: 'nodeSimplified',
		label: 'node, simplified output',
		drain: nodeTriggerDrain({ output: 'simplified' }),
		node: true,
	},
	{
		id: 'nodeFiltered',
		label: 'node, raw + action filter',
		drain: nodeTriggerDrain({ output: 'raw', filters: BENCH_FILTERS }),
		node: true,
	},
];

/** The variants `npm run bench` drains, in this order in round 1 (see runOrder.ts). */
export const VARIANTS: Variant[] = ALL.filter((variant) => variant.id !== 'nodeFiltered');

export function variantById(id: VariantId): Variant {
	const variant = ALL.find((entry) => entry.id === id);
	if (!variant) throw new Error(`unknown variant ${id}`);
	return variant;
}
