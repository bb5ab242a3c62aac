/**
 * The editor's credential "Test" button against the emulator: a good token passes with an
 * explicit custom URL; read from the token, the emulator's host is refused (the node trusts a
 * token's host only when it is one of 1Password's own, so a token cannot send itself elsewhere);
 * a bad, a revoked token and a wrong URL fail with a message a user can act on.
 */
import { emulatorCredentialData, CREDENTIAL_TYPE } from '../n8n/seed';
import { client, type SuiteContext } from '../context';

interface Case {
	label: string;
	data: Record<string, string>;
	/** undefined: must succeed. */
	failsWith?: RegExp;
}

export async function checkCredentialTest(context: SuiteContext): Promise<void> {
	const { emulator, release } = context;
	const good = emulator.issueToken();
	const revoked = emulator.issueToken();
	emulator.revokeToken(revoked);
	const malformed = `${good.slice(0, -8)}AAAAAAAA`; // a signature the emulator will not accept
	context.tokens.push(good, revoked, malformed);
	// n8n 1.x's tester cannot see the HTTP status of the failed request (its NodeApiError drops the
	// response from the cause), so it never applies the credential's rules and shows its own text.
	const rejected = release.credentialTestUsesRuleMessages
		? /^1Password rejected the token/
		: /^Authorization failed - please check your credentials$/;
	const notFound = release.credentialTestUsesRuleMessages
		? /^The Events API answered 404: the token may be incomplete/
		: /not found|could not be found|404/i;
	const cases: Case[] = [
		{ label: 'good token, custom URL', data: emulatorCredentialData(emulator.url, good) },
		{
			label: "good token naming a host that is not 1Password's, region read from the token",
			data: { token: good, region: 'auto' },
			failsWith: /names an events host that is not one of 1Password's Events API hosts/,
		},
		{
			label: 'token with a bad signature',
			data: emulatorCredentialData(emulator.url, malformed),
			failsWith: rejected,
		},
		{
			label: 'revoked token',
			data: emulatorCredentialData(emulator.url, revoked),
			failsWith: rejected,
		},
		{
			label: 'URL that is not an Events API',
			data: emulatorCredentialData(`${emulator.url}/api`, good),
			failsWith: notFound,
		},
	];
	for (const [index, testCase] of cases.entries()) {
		await context.checks.step(
			`credential test: ${testCase.label} ${testCase.failsWith ? 'fails clearly' : 'succeeds'}`,
			async () => {
				const id = await client(context).createCredential(
					`credential test ${index + 1}`,
					CREDENTIAL_TYPE,
					testCase.data,
				);
				const result = await client(context).testSavedCredential(id);
				const ok = testCase.failsWith
					? result.status === 'Error' && testCase.failsWith.test(result.message)
					: result.status === 'OK';
				if (!ok) throw new Error(`got ${result.status}: "${result.message}"`);
				return `${result.status}: "${result.message}"`;
			},
		);
	}
}
