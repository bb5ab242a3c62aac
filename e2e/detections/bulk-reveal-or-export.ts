import { burstMoment, person } from './feed';
import type { DetectionScenario } from './scenario';

const mallory = person('Mallory Bulk');
const nina = person('Nina Busy');
const oscar = person('Oscar Filler');
/** Every event of this scenario is timestamped here (plus milliseconds): one 10-minute window. */
let moment = 0;

export const bulkReveal: DetectionScenario = {
	detection: 'bulk-reveal-or-export',
	async beforeRestart(feed) {
		moment = burstMoment();
		// Mallory: 12 reveals before the restart, the rest of her burst (uploaded late) after it.
		await feed.itemUsages(mallory, 'reveal', { count: 12, at: moment });
		// Nina: 19 reveals and copies, one short of the threshold of 20.
		await feed.itemUsages(nina, 'reveal', { count: 15, at: moment });
		await feed.itemUsages(nina, 'secure-copy', { count: 4, at: moment + 100 });
		// Oscar: 30 uses, but fills are not reveals.
		await feed.itemUsages(oscar, 'fill', { count: 30, at: moment });
		await feed.itemUsages(oscar, 'reveal', { count: 2, at: moment + 200 });
		return [];
	},
	async afterRestart(feed) {
		const rest = await feed.itemUsages(mallory, 'export', { count: 8, at: moment + 300 });
		// Nina's next use is a fill: still 19.
		await feed.itemUsages(nina, 'fill', { count: 1, at: moment + 300 });
		return [
			{
				why: 'Mallory reached 20 in one window across the restart',
				subject: `user:${mallory.email}`,
				events: rest,
			},
		];
	},
	async afterAlerts(feed) {
		// Mallory goes on in the same window: still one alert for it.
		await feed.itemUsages(mallory, 'reveal', { count: 5, at: moment + 400 });
	},
};
