// eslint-plugin-n8n-nodes-base ships no type declarations; the scan only passes it to ESLint.
declare module 'eslint-plugin-n8n-nodes-base' {
	const plugin: {
		configs: Record<'community' | 'nodes' | 'credentials', { rules: Record<string, unknown> }>;
	};
	export default plugin;
}
