import { idFor, person } from './feed';
import type { DetectionScenario } from './scenario';

const ivan = person('Ivan Exporter');

export const vaultExport: DetectionScenario = {
	detection: 'vault-export',
	async beforeRestart(feed) {
		const vault = await feed.audit(ivan, 'export', 'vault', { objectUuid: idFor('vault Finance') });
		// Near misses: viewing and purging are not exports.
		await feed.audit(ivan, 'view', 'item', { objectUuid: idFor('item in Finance') });
		await feed.audit(ivan, 'purge', 'vault', { objectUuid: idFor('vault Finance') });
		return [{ why: 'Ivan exported a vault', subject: ivan.email, events: [vault] }];
	},
	async afterRestart(feed) {
		const items = await feed.audit(ivan, 'export', 'items', { objectUuid: idFor('vault Finance') });
		return [{ why: 'Ivan exported items in bulk', subject: ivan.email, events: [items] }];
	},
};
