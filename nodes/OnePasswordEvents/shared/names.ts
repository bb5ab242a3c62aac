/**
 * Adds `vaultName` and `itemTitle` to simplified item usages and audit events, from 1Password
 * Connect, and rewrites their summary with the names. Only ever adds: a Connect that is slow,
 * down, refusing or blind to a vault leaves the names empty and the events as they were, logs
 * one warning (the same problem at most once an hour), and never throws.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { ITEM_OBJECT_TYPES, VAULT_OBJECT_TYPES } from './auditCatalogue';
import { NameDirectory } from './nameDirectory';
import type { DirectoryLimits, WantedNames } from './nameDirectory';
import { summarize } from './summary';
import { ConnectFailure, getConnectList, readConnectServer } from '../transport/connect';
import type { ConnectContext, ConnectServer } from '../transport/connect';

/** Directories kept in this process: one per Connect credential (and token). */
const MAX_DIRECTORIES = 16;
const WARNING_REPEAT_MS = 60 * 60_000;

const directories = new Map<string, NameDirectory>();
const lastWarnings = new Map<string, number>();

/** The directory of a credential, least recently used ones leaving first. */
function directoryFor(server: ConnectServer, limits?: DirectoryLimits): NameDirectory {
	let directory = directories.get(server.cacheKey);
	if (directory) directories.delete(server.cacheKey);
	else directory = new NameDirectory(limits);
	directories.set(server.cacheKey, directory);
	while (directories.size > MAX_DIRECTORIES) {
		directories.delete(directories.keys().next().value as string);
	}
	return directory;
}

/** Forgets every cached name and warning (tests; a process starts empty anyway). */
export function forgetNames(): void {
	directories.clear();
	lastWarnings.clear();
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

function want(wanted: WantedNames, vault: unknown, item: unknown, surelyVault: boolean): void {
	const vaultId = text(vault);
	if (!vaultId) return;
	const need = wanted.get(vaultId) ?? { items: new Set<string>(), surelyVault: false };
	need.surelyVault ||= surelyVault;
	const itemId = text(item);
	if (itemId) need.items.add(itemId);
	wanted.set(vaultId, need);
}

/** The simplified items that can carry names, and the vaults and items they mention. */
function collect(items: IDataObject[]): { nameable: IDataObject[]; wanted: WantedNames } {
	const nameable: IDataObject[] = [];
	const wanted: WantedNames = new Map();
	for (const item of items) {
		if (typeof item.summary !== 'string') continue;
		if (item.eventType === 'itemUsage') {
			want(wanted, item.vaultUuid, item.itemUuid, true);
			nameable.push(item);
		} else if (item.eventType === 'auditEvent') {
			const type = text(item.objectType) ?? '';
			if (VAULT_OBJECT_TYPES.has(type)) want(wanted, item.objectUuid, undefined, true);
			else if (ITEM_OBJECT_TYPES.has(type)) want(wanted, item.auxUuid, item.objectUuid, false);
			else continue;
			nameable.push(item);
		}
	}
	return { nameable, wanted };
}

function name(directory: NameDirectory, item: IDataObject): void {
	let vaultName: string | undefined;
	let itemTitle: string | undefined;
	if (item.eventType === 'itemUsage') {
		vaultName = directory.vaultName(item.vaultUuid);
		itemTitle = directory.itemTitle(item.vaultUuid, item.itemUuid);
	} else if (VAULT_OBJECT_TYPES.has(text(item.objectType) ?? '')) {
		vaultName = directory.vaultName(item.objectUuid);
	} else {
		vaultName = directory.vaultName(item.auxUuid);
		if (vaultName) itemTitle = directory.itemTitle(item.auxUuid, item.objectUuid);
	}
	if (!vaultName && !itemTitle) return;
	item.vaultName = vaultName;
	item.itemTitle = itemTitle;
	item.summary = summarize(item);
}

function warnOnce(
	context: ConnectContext,
	key: string,
	problems: ConnectFailure[],
	now: number,
): void {
	const fresh = problems.filter((problem) => {
		const last = lastWarnings.get(`${key} ${problem.message}`);
		return last === undefined || now - last >= WARNING_REPEAT_MS;
	});
	if (fresh.length === 0) return;
	for (const problem of fresh) lastWarnings.set(`${key} ${problem.message}`, now);
	const more = fresh.length > 1 ? ` (and ${fresh.length - 1} more Connect problems)` : '';
	context.logger.warn(
		`1Password Events: vault and item names left empty: ${fresh[0].message}${more}. The events are delivered without them.`,
	);
}

export interface NameOptions {
	/** Epoch ms by which the lookups must be over; cached names are used whatever the time. */
	deadline: number;
	now?: () => number;
	limits?: DirectoryLimits;
}

/** Adds names to the simplified items in place. Never throws, never removes anything. */
export async function addNames(
	context: ConnectContext,
	items: Array<INodeExecutionData | IDataObject>,
	options: NameOptions,
): Promise<void> {
	const now = options.now ?? Date.now;
	const jsons = items.map((entry) =>
		typeof (entry as INodeExecutionData).json === 'object'
			? (entry as INodeExecutionData).json
			: (entry as IDataObject),
	);
	const { nameable, wanted } = collect(jsons);
	if (nameable.length === 0) return;
	let server: ConnectServer;
	try {
		server = await readConnectServer(context);
	} catch (error) {
		const problem =
			error instanceof ConnectFailure ? error : new ConnectFailure('setup', String(error));
		warnOnce(context, 'setup', [problem], now());
		return;
	}
	const directory = directoryFor(server, options.limits);
	let problems: ConnectFailure[];
	try {
		problems = await directory.prepare(
			{
				listVaults: async (timeout) =>
					await getConnectList(context, server, '/v1/vaults', 'vaults', timeout),
				listItems: async (vaultId, timeout) =>
					await getConnectList(
						context,
						server,
						`/v1/vaults/${encodeURIComponent(vaultId)}/items`,
						`the items of vault ${vaultId}`,
						timeout,
					),
			},
			wanted,
			options.deadline,
			now,
		);
	} catch (error) {
		// prepare() reports Connect's failures; anything else is a bug, and still no reason to
		// hold back an event.
		problems = [new ConnectFailure('invalidResponse', `name lookup failed: ${String(error)}`)];
	}
	for (const item of nameable) name(directory, item);
	warnOnce(context, server.cacheKey, problems, now());
}
