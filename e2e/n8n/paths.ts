/**
 * Where the n8n tooling keeps things. Everything lives in git-ignored folders of the project:
 * `.cache/` (Node.js, n8n installs, packed tarballs: slow to make, kept between runs) and
 * `.e2e/` (throw-away n8n user folders of the end-to-end suite).
 */
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');
export const CACHE_DIR = path.join(REPO_ROOT, '.cache');
export const E2E_WORK_DIR = path.join(REPO_ROOT, '.e2e');
export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

export const nodeInstallDir = (nodeVersion: string) => path.join(CACHE_DIR, `node-v${nodeVersion}`);
export const n8nInstallDir = (n8nVersion: string) => path.join(CACHE_DIR, `n8n-${n8nVersion}`);
export const nativeBuildsDir = () => path.join(CACHE_DIR, 'native');
export const packDir = () => path.join(CACHE_DIR, 'pack');
/** `npm start` keeps one n8n user folder per n8n version, so the owner login and executions persist. */
export const startUserFolder = (n8nVersion: string) =>
	path.join(CACHE_DIR, 'start', `n8n-${n8nVersion}`);
