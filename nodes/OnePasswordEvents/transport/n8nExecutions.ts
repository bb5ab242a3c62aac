/**
 * Reads this n8n's own executions through its public API (the n8n API credential of this package),
 * for the trigger's Confirm Delivery: which execution carried a batch, and whether n8n ran it.
 * Failures become EventsApiErrors with messages built from the status alone, never the API key
 * or the answer's body.
 */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { EventsApiError, readThrown } from './errors';
import type { FailureKind } from './errors';
import { USER_AGENT } from './version';

export const N8N_CREDENTIAL_TYPE = 'onePasswordN8nApi';

const REQUEST_TIMEOUT_MS = 15_000;

export interface ExecutionState {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
}

export interface ExecutionFate {
	/** A node after the trigger ran (or started): the workflow took the batch. */
	ran: boolean;
	error?: string;
}

const FIX =
	"Check the n8n API credential of the trigger: its Base URL must be this n8n's API (e.g. http://localhost:5678/api/v1) and its API key one with access to this workflow's executions. Or turn off Confirm Delivery.";

function failure(node: IPollFunctions, thrown: unknown, what: string): EventsApiError {
	const { status, code } = readThrown(thrown);
	let kind: FailureKind = 'network';
	let reason = `could not reach n8n's API${code ? ` (network error ${code})` : ''}`;
	if (status === 401 || status === 403) {
		kind = status === 401 ? 'unauthorized' : 'forbidden';
		reason = `n8n's API refused the API key (${status})`;
	} else if (status === 404) {
		kind = 'setup';
		reason = "n8n's API answered 404";
	} else if (status !== undefined) {
		kind = status >= 500 ? 'serverError' : 'badRequest';
		reason = `n8n's API answered ${status}`;
	}
	return new EventsApiError(node.getNode(), {
		kind,
		httpCode: status === undefined ? undefined : String(status),
		message: `Confirm Delivery: ${reason} when reading ${what}; no events were read, the stored positions are unchanged`,
		description: FIX,
	});
}

async function baseUrlOf(context: IPollFunctions): Promise<string> {
	const credentials = await context.getCredentials(N8N_CREDENTIAL_TYPE).catch(() => undefined);
	const raw = typeof credentials?.baseUrl === 'string' ? credentials.baseUrl.trim() : '';
	const baseUrl = raw.replace(/\/+$/, '');
	if (!/^https?:\/\/[^\s/]+/i.test(baseUrl)) {
		throw new EventsApiError(context.getNode(), {
			kind: 'setup',
			message: credentials
				? `Confirm Delivery: the n8n API credential's Base URL "${raw}" is not an http(s) address`
				: 'Confirm Delivery: no n8n API credential is selected',
			description: FIX,
		});
	}
	return baseUrl;
}

/** GETs one path of n8n's API as an object; `missingIsNone`: a 404 answers undefined. */
async function getJson(
	context: IPollFunctions,
	path: string,
	what: string,
	missingIsNone?: false,
): Promise<IDataObject>;
async function getJson(
	context: IPollFunctions,
	path: string,
	what: string,
	missingIsNone: true,
): Promise<IDataObject | undefined>;
async function getJson(
	context: IPollFunctions,
	path: string,
	what: string,
	missingIsNone = false,
): Promise<IDataObject | undefined> {
	const baseUrl = await baseUrlOf(context);
	let thrown: unknown;
	const body: unknown = await context.helpers.httpRequestWithAuthentication
		.call(context, N8N_CREDENTIAL_TYPE, {
			method: 'GET',
			url: `${baseUrl}${path}`,
			json: true,
			timeout: REQUEST_TIMEOUT_MS,
			headers: { 'User-Agent': USER_AGENT },
		})
		.catch((error: unknown) => {
			thrown = error ?? new Error('request failed');
		});
	if (thrown !== undefined) {
		if (missingIsNone && readThrown(thrown).status === 404) return undefined;
		throw failure(context, thrown, what);
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		throw new EventsApiError(context.getNode(), {
			kind: 'invalidResponse',
			message: `Confirm Delivery: n8n's API sent something other than an object for ${what}; no events were read`,
			description: FIX,
		});
	}
	return body as IDataObject;
}

function asState(value: unknown): ExecutionState | undefined {
	if (typeof value !== 'object' || value === null) return undefined;
	const entry = value as IDataObject;
	if (entry.id === undefined || entry.id === null) return undefined;
	return {
		id: String(entry.id),
		workflowId: String(entry.workflowId ?? ''),
		status: String(entry.status ?? ''),
		mode: String(entry.mode ?? ''),
	};
}

/**
 * The newest execution id of this n8n that its API shows ('0' for none). The default listing
 * leaves out what the main holds in memory as running, so those are asked for by status too;
 * one the main holds while its row still says "new" is in neither, and only a lookup by id
 * finds it (see deliveryCheck.ts).
 */
export async function newestExecutionId(context: IPollFunctions): Promise<string> {
	const what = "this n8n's executions";
	const listed = await getJson(context, '/executions?limit=1', what);
	// Older n8n releases do not know this filter (400): their default listing is all there is.
	const running = await getJson(context, '/executions?limit=1&status=running', what).catch(
		(error: unknown) => {
			if (error instanceof EventsApiError && error.kind === 'badRequest') return {} as IDataObject;
			throw error;
		},
	);
	let newest = '0';
	for (const page of [listed, running]) {
		const data = Array.isArray(page.data) ? page.data : [];
		for (const entry of data) {
			const state = asState(entry);
			if (state && compareIds(state.id, newest) > 0) newest = state.id;
		}
	}
	return newest;
}

/** One execution by id, whatever the main holds in memory; undefined when n8n has none (404). */
export async function executionById(
	context: IPollFunctions,
	id: string,
): Promise<ExecutionState | undefined> {
	return asState(
		await getJson(context, `/executions/${encodeURIComponent(id)}`, `execution ${id}`, true),
	);
}

/**
 * Whether n8n ran any node after the trigger in an execution that ended in error, with its error
 * message. The trigger's own entry does not count: a worker killed before the next node started
 * leaves a "crashed" run with the trigger alone, and the batch never reached the workflow.
 */
export async function executionFate(context: IPollFunctions, id: string): Promise<ExecutionFate> {
	const body = await getJson(
		context,
		`/executions/${encodeURIComponent(id)}?includeData=true`,
		`execution ${id}`,
	);
	const data = (body.data ?? {}) as IDataObject;
	const resultData = (data.resultData ?? {}) as IDataObject;
	const runData = (resultData.runData ?? {}) as IDataObject;
	const error = (resultData.error ?? {}) as IDataObject;
	return {
		ran: Object.keys(runData).some((name) => name !== context.getNode().name),
		error: typeof error.message === 'string' ? error.message : undefined,
	};
}

/** Execution ids are decimal strings; compares them as numbers of any length. */
export function compareIds(a: string, b: string): number {
	if (a.length !== b.length) return a.length - b.length;
	return a < b ? -1 : a > b ? 1 : 0;
}
