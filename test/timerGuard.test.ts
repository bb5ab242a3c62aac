/**
 * The jest setup (test/support/timerGuard.js) turns a wait past Node's timer limit into an error:
 * without it such a wait fires after 1 ms, and a loop waiting for a far-off time spins forever.
 */
import { sleep } from 'n8n-workflow';

it('a wait longer than Node timers allow fails at once instead of spinning', async () => {
	await expect(sleep(2 ** 31)).rejects.toThrow(/longer than Node's timers allow/);
	await expect(sleep(1)).resolves.toBeUndefined();
});
