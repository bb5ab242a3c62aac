import { readTokenAccess } from '../../nodes/OnePasswordEvents/transport/tokenAccess';
import type { EventsApiContext } from '../../nodes/OnePasswordEvents/transport/request';
import { unsignedJwt } from '../harness/tokens';

const token = unsignedJwt({ aud: ['events.1password.com'], sub: 'access' });

function contextWith(credential: Record<string, unknown>): EventsApiContext {
	return {
		getCredentials: async () => ({ token, region: 'auto', ...credential }),
		getNode: () => ({
			id: 'node',
			name: '1Password Events Trigger',
			type: 'n8n-nodes-1password-events.onePasswordEventsTrigger',
			typeVersion: 2,
			position: [0, 0],
			parameters: {},
		}),
	} as unknown as EventsApiContext;
}

describe('readTokenAccess: n8n processes sharing the token', () => {
	it('is 1 when the credential was saved before the setting existed', async () => {
		expect((await readTokenAccess(contextWith({}))).processes).toBe(1);
	});

	it('reads the number of processes (queue mode: main and workers)', async () => {
		expect((await readTokenAccess(contextWith({ processes: 3 }))).processes).toBe(3);
	});

	it.each([0, 101, 2.5, 'three'])(
		'refuses %p with what it must be, before any request',
		async (processes) => {
			await expect(readTokenAccess(contextWith({ processes }))).rejects.toThrow(
				`n8n Processes Sharing This Token must be a whole number from 1 to 100 (it is ${processes}).`,
			);
		},
	);
});
