import { idFor, person } from './feed';
import type { DetectionScenario } from './scenario';

const OWNERS = idFor('group Owners');
const ADMINISTRATORS = idFor('group Administrators');
const ENGINEERING = idFor('group Engineering');
const admin = person('Grace Admin');
const carl = person('Carl Newhire');
const dana = person('Dana Climber');

export const privilegedGroup: DetectionScenario = {
	detection: 'privileged-group-granted',
	settings: { privilegedGroupUuids: `${OWNERS}, ${ADMINISTRATORS}` },
	async beforeRestart(feed) {
		const carlJoins = await feed.audit(admin, 'join', 'gm', { objectUuid: OWNERS, aux: carl });
		// Near misses: an ordinary group, and leaving a privileged one.
		await feed.audit(admin, 'join', 'gm', { objectUuid: ENGINEERING, aux: dana });
		await feed.audit(admin, 'leave', 'gm', { objectUuid: ADMINISTRATORS, aux: carl });
		return [{ why: 'Carl added to Owners', subject: carl.email, events: [carlJoins] }];
	},
	async afterRestart(feed) {
		// Dana makes herself a manager of Administrators.
		const self = await feed.audit(dana, 'role', 'gm', { objectUuid: ADMINISTRATORS, aux: dana });
		await feed.audit(admin, 'role', 'gm', { objectUuid: ENGINEERING, aux: carl });
		return [
			{ why: 'Dana changed her own role in Administrators', subject: dana.email, events: [self] },
		];
	},
};
