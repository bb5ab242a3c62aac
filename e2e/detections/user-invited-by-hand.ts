import { idFor, type Person } from './feed';
import { person } from './feed';
import type { DetectionScenario } from './scenario';

const admin = person('Hannah Hr');
const scim: Person = {
	uuid: idFor('scim bridge'),
	name: 'SCIM Bridge',
	email: 'provision-manager@abcd1234.1passwordserviceaccounts.com',
};

export const invitedByHand: DetectionScenario = {
	detection: 'user-invited-by-hand',
	async beforeRestart(feed) {
		const byHand = await feed.audit(admin, 'create', 'invite', {
			objectUuid: idFor('invite 1'),
			auxInfo: 'contractor@gmail.example',
		});
		// Near misses: the SCIM bridge provisioning, and an invitation resent or deleted by hand.
		await feed.audit(scim, 'create', 'invite', {
			objectUuid: idFor('invite 2'),
			auxInfo: 'new.hire@acme.example',
		});
		await feed.audit(admin, 'resendts', 'invite', { objectUuid: idFor('invite 1') });
		await feed.audit(admin, 'delete', 'invite', { objectUuid: idFor('invite 3') });
		return [
			{
				why: 'Hannah invited a contractor by hand',
				subject: 'contractor@gmail.example',
				events: [byHand],
			},
		];
	},
};
