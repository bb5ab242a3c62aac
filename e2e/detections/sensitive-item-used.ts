import { idFor, person } from './feed';
import type { DetectionScenario } from './scenario';

const ROOT = idFor('item AWS root');
const BREAK_GLASS = idFor('item Break glass');
const WIFI = idFor('item Office wifi');
const VAULT = idFor('vault Infrastructure');
const jack = person('Jack Oncall');

export const sensitiveItem: DetectionScenario = {
	detection: 'sensitive-item-used',
	settings: { sensitiveItemUuids: `${ROOT}, ${BREAK_GLASS}` },
	async beforeRestart(feed) {
		const reveal = await feed.itemUsages(jack, 'reveal', { item: ROOT, vault: VAULT });
		// Near miss: another item in the same vault.
		await feed.itemUsages(jack, 'reveal', { item: WIFI, vault: VAULT });
		return [{ why: 'Jack revealed AWS root', subject: ROOT, events: reveal }];
	},
	async afterRestart(feed) {
		const fill = await feed.itemUsages(jack, 'fill', { item: BREAK_GLASS, vault: VAULT });
		await feed.itemUsages(jack, 'fill', { item: WIFI, vault: VAULT });
		return [{ why: 'Jack filled the break-glass login', subject: BREAK_GLASS, events: fill }];
	},
};
