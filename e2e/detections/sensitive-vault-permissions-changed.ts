import { idFor, person } from './feed';
import type { DetectionScenario } from './scenario';

const FINANCE = idFor('vault Finance');
const ROOT_KEYS = idFor('vault Root keys');
const MARKETING = idFor('vault Marketing');
const owner = person('Vera Vaultowner');
const eve = person('Eve Intern');

export const sensitiveVault: DetectionScenario = {
	detection: 'sensitive-vault-permissions-changed',
	settings: { sensitiveVaultUuids: `${FINANCE}, ${ROOT_KEYS}` },
	async beforeRestart(feed) {
		const grant = await feed.audit(owner, 'grant', 'uva', {
			objectUuid: FINANCE,
			aux: eve,
			auxInfo: 'R,W',
		});
		// Near misses: another vault, and a sensitive vault's item (not its permissions).
		await feed.audit(owner, 'grant', 'uva', { objectUuid: MARKETING, aux: eve, auxInfo: 'R' });
		await feed.audit(owner, 'update', 'item', {
			objectUuid: idFor('item in Finance'),
			auxUuid: FINANCE,
		});
		return [{ why: 'Eve given access to Finance', subject: FINANCE, events: [grant] }];
	},
	async afterRestart(feed) {
		const group = await feed.audit(owner, 'revoke', 'gva', {
			objectUuid: ROOT_KEYS,
			auxUuid: idFor('group Engineering'),
		});
		await feed.audit(owner, 'revoke', 'gva', {
			objectUuid: MARKETING,
			auxUuid: idFor('group Engineering'),
		});
		return [{ why: 'a group removed from Root keys', subject: ROOT_KEYS, events: [group] }];
	},
};
