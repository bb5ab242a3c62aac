import { person } from './feed';
import type { DetectionScenario } from './scenario';

const admin = person('Maria Garcia');
const bob = person('Bob Lee');

export const mfaDisabled: DetectionScenario = {
	detection: 'mfa-disabled',
	async beforeRestart(feed) {
		const forBob = await feed.audit(admin, 'disblmfa', 'user', { object: bob });
		const forAccount = await feed.audit(admin, 'disblmfa', 'account');
		// Near misses: turning it on, changing it, and turning off something else.
		await feed.audit(admin, 'enblmfa', 'user', { object: bob });
		await feed.audit(admin, 'updatmfa', 'user', { object: bob });
		await feed.audit(admin, 'disblsso', 'sso');
		return [
			{ why: 'two-factor authentication disabled for Bob', subject: bob.email, events: [forBob] },
			{
				why: 'two-factor authentication disabled for the account',
				subject: 'account',
				events: [forAccount],
			},
		];
	},
	async afterRestart(feed) {
		const duo = await feed.audit(admin, 'disblduo', 'account');
		await feed.audit(admin, 'enblduo', 'account');
		return [{ why: 'Duo disabled for the account', subject: 'account', events: [duo] }];
	},
};
