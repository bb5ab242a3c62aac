/**
 * The layout is the documentation (README, Layout): these checks keep the tree and its import
 * directions as described, so that a move or a shortcut import shows up as a failing test.
 * nodes → actions/, trigger/ → shared/ → transport/; tests never import from scripts/.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

const root = join(__dirname, '..');
const nodeDir = join(root, 'nodes/OnePasswordEvents');

function filesUnder(dir: string, pattern: RegExp): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return filesUnder(path, pattern);
		return pattern.test(name) ? [path] : [];
	});
}

/** Relative imports of a file, resolved to paths relative to the repository. */
function localImports(file: string): string[] {
	const source = readFileSync(file, 'utf8');
	const specs = [...source.matchAll(/(?:from|import|require\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)];
	return specs.map((match) => relative(root, resolve(dirname(file), match[1])));
}

/** The layer of a shipped file: its folder under nodes/OnePasswordEvents/, or "node". */
function layerOf(repoPath: string): string {
	const inside = relative('nodes/OnePasswordEvents', repoPath);
	return inside.includes('/') ? inside.split('/')[0] : 'node';
}

/** Which layers each layer may import from (besides itself). */
const ALLOWED: Record<string, string[]> = {
	node: ['actions', 'trigger'],
	actions: ['shared', 'transport'],
	trigger: ['shared', 'transport'],
	shared: ['transport'],
	transport: [],
};

describe('the layout', () => {
	it('has exactly the folders the README names', () => {
		const folders = readdirSync(nodeDir).filter((name) =>
			statSync(join(nodeDir, name)).isDirectory(),
		);
		expect(folders.sort()).toEqual(['actions', 'shared', 'transport', 'trigger']);
		const readme = readFileSync(join(root, 'README.md'), 'utf8');
		const map = readme.slice(readme.indexOf('### Layout'));
		for (const file of filesUnder(nodeDir, /\.ts$/)) {
			const name = file.split('/').pop() as string;
			const mentioned = map.includes(name) || map.includes(name.replace(/\.ts$/, ''));
			expect(mentioned ? name : `${relative(root, file)} is missing from the README's map`).toBe(
				name,
			);
		}
	});

	it('imports flow one way: node files → actions/, trigger/ → shared/ → transport/', () => {
		const wrong: string[] = [];
		for (const file of filesUnder(nodeDir, /\.ts$/)) {
			const from = relative(root, file);
			const layer = layerOf(from);
			for (const target of localImports(file)) {
				if (!target.startsWith('nodes/OnePasswordEvents/')) {
					wrong.push(`${from} imports ${target}, outside the node package`);
					continue;
				}
				const to = layerOf(target);
				if (to !== layer && !ALLOWED[layer].includes(to))
					wrong.push(`${from} (${layer}) imports ${target} (${to})`);
			}
		}
		expect(wrong).toEqual([]);
	});

	it('the credential uses only transport/ of the node code', () => {
		const file = join(root, 'credentials/OnePasswordEventsApi.credentials.ts');
		const targets = localImports(file).filter((target) => target.startsWith('nodes/'));
		for (const target of targets) expect(target).toMatch(/^nodes\/OnePasswordEvents\/transport\//);
	});

	it('tests and their harness never import from scripts/ (scripts may import the harness)', () => {
		const offenders = filesUnder(join(root, 'test'), /\.ts$/).flatMap((file) =>
			localImports(file)
				.filter((target) => target.startsWith('scripts/'))
				.map((target) => `${relative(root, file)} imports ${target}`),
		);
		expect(offenders).toEqual([]);
	});
});
