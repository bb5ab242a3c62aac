/**
 * Lints what `npm pack` would publish the way n8n's community-package scanner does before a
 * package is listed: the packed JavaScript, declarations and package.json, with n8n's
 * community-node rules, inline eslint-disable comments ignored.
 *
 *   npm run scan:tarball [-- <project dir>] [--json]
 *
 * (A separate process: the rule plugin is an ES module, which jest's module system cannot load.)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { ESLint } from 'eslint';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

export interface ScanResult {
	files: string[];
	errors: string[];
}

function listFiles(dir: string, prefix = ''): string[] {
	return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
		const relative = join(prefix, entry.name);
		return entry.isDirectory() ? listFiles(dir, relative) : [relative];
	});
}

export async function scanPackedTarball(projectDir: string): Promise<ScanResult> {
	const workDir = mkdtempSync(join(tmpdir(), 'scan-tarball-'));
	try {
		const [{ filename }] = JSON.parse(
			execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', workDir], {
				cwd: projectDir,
				encoding: 'utf8',
			}),
		) as Array<{ filename: string }>;
		const packageDir = join(workDir, 'package');
		execFileSync('tar', ['-xzf', join(workDir, filename), '-C', workDir]);
		const files = listFiles(packageDir).filter((file) => /\.(js|ts|json)$/.test(file));
		const eslint = new ESLint({
			cwd: packageDir,
			allowInlineConfig: false,
			overrideConfigFile: true,
			overrideConfig: [
				n8nCommunityNodesPlugin.configs.recommended,
				{ rules: { 'no-console': 'error' } },
				{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
				{ files: ['package.json'], rules: { ...n8nNodesBase.configs.community.rules } },
				{ files: ['**/*.json', '**/*.ts'], languageOptions: { parser: tseslint.parser } },
			] as never,
		});
		const results = await eslint.lintFiles(files.map((file) => join(packageDir, file)));
		const errors = results.flatMap((result) =>
			result.messages
				.filter((message) => message.severity === 2)
				.map(
					(message) =>
						`${result.filePath.slice(packageDir.length + 1)}:${message.line} ${message.ruleId ?? ''} ${message.message}`,
				),
		);
		return { files, errors };
	} finally {
		rmSync(workDir, { recursive: true, force: true });
	}
}

if (require.main === module) {
	const projectDir = process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? process.cwd();
	scanPackedTarball(projectDir).then(
		({ files, errors }) => {
			if (process.argv.includes('--json')) {
				console.log(JSON.stringify({ files, errors }));
				process.exit(0);
			}
			console.log(`Scanned ${files.length} packed files with n8n's community-package rules.`);
			for (const error of errors) console.log(`  ${error}`);
			console.log(errors.length === 0 ? 'No violations.' : `${errors.length} violation(s).`);
			process.exit(errors.length === 0 ? 0 : 1);
		},
		(error: Error) => {
			console.error(error.message);
			process.exit(1);
		},
	);
}
