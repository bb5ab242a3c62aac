/**
 * `prepublishOnly`: refuses `npm publish` anywhere but the Publish workflow. n8n's verification
 * needs npm provenance, which npm can only attest from a CI job holding an OIDC id-token (the
 * same token trusted publishing uses), so a version published from a laptop would be one that
 * n8n will not verify. Plain JavaScript: it runs before anything is installed or built.
 */
const env = process.env;
const inActions = env.GITHUB_ACTIONS === 'true';
const hasIdToken = Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);

if (!inActions || !hasIdToken) {
	console.error(
		[
			'npm publish refused: this package is published only by .github/workflows/publish.yml',
			'(push a tag vX.Y.Z), where npm trusted publishing attaches the provenance that n8n verifies.',
			inActions
				? 'This GitHub Actions job has no OIDC id-token: give it `permissions: id-token: write`.'
				: 'This is not a GitHub Actions job.',
		].join('\n'),
	);
	process.exit(1);
}
console.log('prepublishOnly: GitHub Actions with an OIDC id-token; npm will attach provenance.');
