import { idFor, person } from './feed';
import type { DetectionScenario } from './scenario';

const admin = person('Sid Sysadmin');
const CI_ACCOUNT = idFor('service account CI');
const CI_TOKEN = idFor('service account token CI');

export const serviceAccount: DetectionScenario = {
	detection: 'service-account-changed',
	async beforeRestart(feed) {
		const created = await feed.audit(admin, 'create', 'sa', { objectUuid: CI_ACCOUNT });
		const token = await feed.audit(admin, 'create', 'satoken', {
			objectUuid: CI_TOKEN,
			auxUuid: CI_ACCOUNT,
		});
		// Near misses: creating other things.
		await feed.audit(admin, 'create', 'vault', { objectUuid: idFor('vault New') });
		await feed.audit(admin, 'create', 'group', { objectUuid: idFor('group New') });
		return [
			{ why: 'a service account created', subject: CI_ACCOUNT, events: [created] },
			{ why: 'a service account token created', subject: CI_TOKEN, events: [token] },
		];
	},
	async afterRestart(feed) {
		const revoked = await feed.audit(admin, 'trevoke', 'satoken', { objectUuid: CI_TOKEN });
		await feed.audit(admin, 'trevoke', 'device', { objectUuid: idFor('device') });
		return [{ why: 'a service account token revoked', subject: CI_TOKEN, events: [revoked] }];
	},
};
