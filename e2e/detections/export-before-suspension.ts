import { idFor, person } from './feed';
import type { DetectionScenario } from './scenario';

const DAY = 24 * 3_600_000;
const hr = person('Helen Hr');
const leaver = person('Larry Leaver');
const longAgo = person('Lena Longago');
const innocent = person('Ian Innocent');

export const exportBeforeSuspension: DetectionScenario = {
	detection: 'export-before-suspension',
	async beforeRestart(feed) {
		await feed.audit(leaver, 'export', 'vault', {
			objectUuid: idFor('vault Finance'),
			at: Date.now() - 2 * DAY,
		});
		// Lena exported 20 days ago: outside the 14-day look-back.
		await feed.audit(longAgo, 'export', 'vault', {
			objectUuid: idFor('vault Finance'),
			at: Date.now() - 20 * DAY,
		});
		// Ian did not export, but someone else exported Ian's vault.
		await feed.audit(hr, 'export', 'vault', { objectUuid: idFor('vault Ian') });
		return [];
	},
	async afterRestart(feed) {
		const suspended = await feed.audit(hr, 'suspend', 'user', { object: leaver });
		await feed.audit(hr, 'suspend', 'user', { object: longAgo });
		await feed.audit(hr, 'delete', 'user', { object: innocent });
		return [
			{
				why: 'Larry exported two days before being suspended',
				subject: leaver.email,
				events: [suspended],
			},
		];
	},
};
