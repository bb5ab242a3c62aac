/**
 * A stubbed poll context for unit tests: the Events API is a scripted function instead of HTTP.
 * Integration tests use the real n8n-core context and the emulator instead (test/harness/n8n/pollContext.ts).
 */
import type {
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeParameters,
	IPollFunctions,
} from 'n8n-workflow';

export type ScriptedAnswer =
	| IDataObject
	| string
	| ((request: IHttpRequestOptions) => IDataObject | string | Promise<IDataObject | string>);

export interface StubOptions {
	parameters?: IDataObject;
	staticData?: IDataObject;
	credential?: IDataObject;
	mode?: 'trigger' | 'manual';
	workflowId?: string;
	/** The host's poll budget (newer n8n); a short one makes retries give up at once. */
	pollBudgetMs?: number;
}

export interface StubContext {
	context: IPollFunctions;
	requests: IHttpRequestOptions[];
	staticData: IDataObject;
	warnings: string[];
	/** Answers the next request with this body, or throws it when it is an Error-like object. */
	answer: (...answers: Array<ScriptedAnswer | HttpFailure>) => void;
	/** Answers every request from now on with this function. */
	answerAlways: (handler: (request: IHttpRequestOptions) => IDataObject) => void;
}

/** Thrown by the stub the way n8n's helper throws: a NodeApiError-like object around an Axios error. */
export class HttpFailure extends Error {
	cause: IDataObject;

	httpCode?: string;

	constructor(
		status: number | undefined,
		data: unknown = {},
		headers: IDataObject = {},
		code?: string,
	) {
		super(status ? `Request failed with status code ${status}` : `connect ${code}`);
		this.httpCode = status ? String(status) : code;
		this.cause = status
			? { response: { status, data, headers } as IDataObject }
			: { code: code ?? 'ECONNRESET' };
	}
}

export function page(items: IDataObject[], cursor: string, hasMore: boolean): IDataObject {
	return { items, cursor, has_more: hasMore };
}

export function stubContext(options: StubOptions = {}): StubContext {
	const requests: IHttpRequestOptions[] = [];
	const queue: Array<ScriptedAnswer | HttpFailure> = [];
	let always: ((request: IHttpRequestOptions) => IDataObject) | undefined;
	const staticData = options.staticData ?? {};
	const warnings: string[] = [];
	const node: INode = {
		id: 'node-1',
		name: '1Password Events Trigger',
		type: 'n8n-nodes-1password-events.onePasswordEventsTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: (options.parameters ?? {}) as INodeParameters,
	};
	const parameters = options.parameters ?? {};
	const context = {
		getNode: () => node,
		getWorkflow: () => ({ id: options.workflowId ?? 'workflow-1', active: true }),
		getMode: () => options.mode ?? 'trigger',
		getTimezone: () => 'UTC',
		getWorkflowStaticData: () => staticData,
		getPollBudgetMs: options.pollBudgetMs === undefined ? undefined : () => options.pollBudgetMs,
		getCredentials: async () =>
			options.credential ?? {
				token: 'not-a-jwt',
				region: 'custom',
				customUrl: 'http://127.0.0.1:1',
			},
		getNodeParameter: (name: string, fallback?: unknown) =>
			name in parameters ? parameters[name] : fallback,
		logger: {
			debug: () => undefined,
			info: () => undefined,
			warn: (message: string) => warnings.push(message),
			error: (message: string) => warnings.push(message),
		},
		helpers: {
			httpRequestWithAuthentication: async (_type: string, request: IHttpRequestOptions) => {
				requests.push(JSON.parse(JSON.stringify(request)) as IHttpRequestOptions);
				const next = queue.length > 0 ? queue.shift() : always;
				if (next === undefined)
					throw new Error(`unexpected request ${request.url} ${JSON.stringify(request.body)}`);
				if (next instanceof HttpFailure) throw next;
				return typeof next === 'function' ? next(request) : next;
			},
		},
	} as unknown as IPollFunctions;
	return {
		context,
		requests,
		staticData,
		warnings,
		answer: (...answers) => queue.push(...answers),
		answerAlways: (handler) => {
			always = handler;
		},
	};
}

/** Records with uuids `${prefix}-${i}` and increasing timestamps. */
export function records(
	prefix: string,
	count: number,
	from = 0,
	extra: IDataObject = {},
): IDataObject[] {
	return Array.from({ length: count }, (_, index) => ({
		uuid: `${prefix}-${from + index}`,
		timestamp: new Date(Date.UTC(2026, 10, 20, 0, 0, from + index)).toISOString(),
		action: 'reveal',
		...extra,
	}));
}
