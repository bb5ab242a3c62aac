import { person } from './feed';
import type { DetectionScenario } from './scenario';

const owner = person('Olivia Owner');
const staff = person('Sam Staff');

export const ssoChanged: DetectionScenario = {
	detection: 'sso-or-sign-in-policy-changed',
	async beforeRestart(feed) {
		const off = await feed.audit(owner, 'disblsso', 'sso');
		const provider = await feed.audit(owner, 'chngpsso', 'sso');
		// Near misses: routine single sign-on use by a member, and an SSO-like action elsewhere.
		await feed.audit(staff, 'tdvcsso', 'sso');
		await feed.audit(staff, 'sdvcsso', 'sso');
		await feed.audit(owner, 'chngdsso', 'account');
		return [
			{ why: 'single sign-on turned off', subject: owner.email, events: [off] },
			{ why: 'single sign-on provider changed', subject: owner.email, events: [provider] },
		];
	},
	async afterRestart(feed) {
		const group = await feed.audit(owner, 'addgsso', 'sso');
		return [{ why: 'a group added to single sign-on', subject: owner.email, events: [group] }];
	},
};
