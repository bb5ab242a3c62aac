import { person } from './feed';
import type { DetectionScenario } from './scenario';

const admin = person('Felix Admin');

export const firewallChanged: DetectionScenario = {
	detection: 'firewall-rules-changed',
	async beforeRestart(feed) {
		const changed = await feed.audit(admin, 'updatfw', 'account');
		// Near misses: another account setting, and the same code on another object.
		await feed.audit(admin, 'changenm', 'account');
		await feed.audit(admin, 'updatfw', 'vault');
		return [{ why: 'firewall rules changed', subject: admin.email, events: [changed] }];
	},
};
