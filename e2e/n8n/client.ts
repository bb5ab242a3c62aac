/**
 * A small client for a running n8n, using what the editor uses (`/rest`, session cookie) where
 * the public API has no equivalent on both 1.x and 2.x (owner setup, credential test, node
 * types), and the public API (`/api/v1`, API key) for workflows and executions.
 */

export interface Owner {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

export interface ExecutionSummary {
	id: string;
	status: string;
	mode: string;
	startedAt: string;
	stoppedAt?: string | null;
	workflowId: string;
	data?: ExecutionData;
}

export interface ExecutionData {
	resultData: {
		runData: Record<
			string,
			Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> } }>
		>;
		error?: { message?: string; description?: string | null };
	};
}

export interface WorkflowSummary {
	id: string;
	name: string;
	active: boolean;
	staticData?: Record<string, unknown> | null;
	settings?: Record<string, unknown>;
}

/** The part of a node type description the checks read (the rest passes through untouched). */
export interface NodeTypeDescription {
	name: string;
	displayName: string;
	description: string;
	version: number | number[];
	group: string[];
	subtitle?: string;
	[key: string]: unknown;
}

export class N8nHttpError extends Error {
	constructor(
		readonly status: number,
		readonly body: string,
		what: string,
	) {
		super(`${what}: HTTP ${status} ${body.slice(0, 500)}`);
	}
}

export class N8nClient {
	private cookie = '';
	private apiKey = '';

	constructor(readonly baseUrl: string) {}

	private async call<T>(
		method: string,
		path: string,
		body?: unknown,
		headers: Record<string, string> = {},
	): Promise<T> {
		const response = await this.send(method, path, body, headers);
		const text = await response.text();
		if (!response.ok) throw new N8nHttpError(response.status, text, `${method} ${path}`);
		const setCookie = response.headers.get('set-cookie');
		const auth = setCookie?.match(/n8n-auth=[^;]+/);
		if (auth) this.cookie = auth[0];
		return (text ? JSON.parse(text) : undefined) as T;
	}

	/**
	 * A GET that meets a dropped connection is sent again (twice at most): a busy n8n can close an
	 * idle keep-alive socket just as fetch reuses it ("fetch failed"). Other methods are not retried.
	 */
	private async send(
		method: string,
		path: string,
		body: unknown,
		headers: Record<string, string>,
	): Promise<Response> {
		for (let attempt = 0; ; attempt++) {
			try {
				return await this.sendOnce(method, path, body, headers);
			} catch (error) {
				if (method !== 'GET' || attempt >= 2 || !(error instanceof TypeError)) throw error;
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
		}
	}

	private async sendOnce(
		method: string,
		path: string,
		body: unknown,
		headers: Record<string, string>,
	): Promise<Response> {
		return await fetch(`${this.baseUrl}${path}`, {
			method,
			headers: {
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
				...(this.cookie ? { cookie: this.cookie } : {}),
				...headers,
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
	}

	private rest<T>(method: string, path: string, body?: unknown): Promise<T> {
		return this.call<{ data: T }>(method, `/rest${path}`, body).then((answer) => answer.data);
	}

	private api<T>(method: string, path: string, body?: unknown): Promise<T> {
		if (!this.apiKey) throw new Error('no API key yet: call createApiKey() first');
		return this.call<T>(method, `/api/v1${path}`, body, { 'X-N8N-API-KEY': this.apiKey });
	}

	/** Whether the instance still waits for its owner account. */
	async needsOwnerSetup(): Promise<boolean> {
		const settings = await this.rest<{ userManagement?: { showSetupOnFirstLoad?: boolean } }>(
			'GET',
			'/settings',
		);
		return settings.userManagement?.showSetupOnFirstLoad === true;
	}

	async setupOwner(owner: Owner): Promise<void> {
		await this.rest('POST', '/owner/setup', owner);
	}

	async login(email: string, password: string): Promise<void> {
		// 1.x and 2.x both accept this field name (2.x added LDAP logins under the same name).
		await this.rest('POST', '/login', { emailOrLdapLoginId: email, password });
	}

	/** An API key with every scope the owner may grant, used from now on by this client. */
	async createApiKey(label: string): Promise<void> {
		this.apiKey = await this.newApiKey(label);
	}

	/**
	 * Another API key with every scope the owner may grant (1.x and 2.x know different scopes),
	 * returned for a credential; this client keeps its own.
	 */
	async newApiKey(label: string): Promise<string> {
		let scopes: string[] | undefined;
		try {
			scopes = await this.rest<string[]>('GET', '/api-keys/scopes');
		} catch (error) {
			if (!(error instanceof N8nHttpError && error.status === 404)) throw error;
		}
		const key = await this.rest<{ rawApiKey: string }>('POST', '/api-keys', {
			label,
			expiresAt: null,
			...(scopes ? { scopes } : {}),
		});
		return key.rawApiKey;
	}

	/** The node and credential types the editor would offer. */
	async nodeTypeNames(): Promise<string[]> {
		const types = await this.call<Array<{ name: string }>>('GET', '/types/nodes.json');
		return types.map((type) => type.name);
	}

	/**
	 * The node type descriptions the editor loads (`/types/nodes.json`, served by n8n 1.x and 2.x
	 * alike): what its node picker and canvas show (description, subtitle, codex) comes from here.
	 */
	async nodeTypes(): Promise<NodeTypeDescription[]> {
		return this.call<NodeTypeDescription[]>('GET', '/types/nodes.json');
	}

	async credentialTypeNames(): Promise<string[]> {
		const types = await this.call<Array<{ name: string }>>('GET', '/types/credentials.json');
		return types.map((type) => type.name);
	}

	async createCredential(
		name: string,
		type: string,
		data: Record<string, unknown>,
	): Promise<string> {
		const created = await this.rest<{ id: string }>('POST', '/credentials', { name, type, data });
		return created.id;
	}

	/**
	 * What the editor's "Test" button does on a saved credential: it loads the credential (secrets
	 * come back blanked) and posts it to the tester, which restores the stored secrets.
	 */
	async testSavedCredential(id: string): Promise<CredentialTestResult> {
		const credential = await this.rest<{
			id: string;
			name: string;
			type: string;
			data: Record<string, unknown>;
		}>('GET', `/credentials/${id}?includeData=true`);
		return this.rest<CredentialTestResult>('POST', '/credentials/test', {
			credentials: {
				id: credential.id,
				name: credential.name,
				type: credential.type,
				data: credential.data,
			},
		});
	}

	async createWorkflow(workflow: object): Promise<WorkflowSummary> {
		return this.api<WorkflowSummary>('POST', '/workflows', workflow);
	}

	async getWorkflow(id: string): Promise<WorkflowSummary> {
		return this.api<WorkflowSummary>('GET', `/workflows/${id}`);
	}

	async activateWorkflow(id: string): Promise<WorkflowSummary> {
		return this.api<WorkflowSummary>('POST', `/workflows/${id}/activate`);
	}

	async deactivateWorkflow(id: string): Promise<WorkflowSummary> {
		return this.api<WorkflowSummary>('POST', `/workflows/${id}/deactivate`);
	}

	/**
	 * What the editor's "Fetch Test Event" / "Test step" on a trigger does: a manual run of the
	 * saved workflow up to that trigger. With `destinationNode`, what "Execute step" on a later node
	 * does: a manual run from the trigger up to that node. Returns the execution id.
	 */
	async runTriggerManually(
		workflowId: string,
		triggerName: string,
		destinationNode = triggerName,
	): Promise<string> {
		const workflowData = await this.rest<Record<string, unknown>>(
			'GET',
			`/workflows/${workflowId}`,
		);
		const started = await this.rest<{ executionId?: string; waitingForWebhook?: boolean }>(
			'POST',
			`/workflows/${workflowId}/run`,
			{
				workflowData,
				destinationNode: { nodeName: destinationNode, mode: 'inclusive' },
				triggerToStartFrom: { name: triggerName },
			},
		);
		if (!started.executionId)
			throw new Error(`manual run did not start an execution: ${JSON.stringify(started)}`);
		return started.executionId;
	}

	async execution(id: string): Promise<ExecutionSummary> {
		return this.api<ExecutionSummary>('GET', `/executions/${id}?includeData=true`);
	}

	/**
	 * Executions of any workflow still running (the public API's `status=running`, which lists
	 * what the default listing leaves out). Throws an N8nHttpError where the API does not know it.
	 */
	async runningExecutions(): Promise<ExecutionSummary[]> {
		const page = await this.api<{ data: ExecutionSummary[] }>(
			'GET',
			'/executions?status=running&limit=100',
		);
		return page.data;
	}

	/** Every execution of a workflow, newest first, following the API's cursor. */
	async executions(workflowId: string, includeData = false): Promise<ExecutionSummary[]> {
		const all: ExecutionSummary[] = [];
		let cursor: string | undefined;
		do {
			const query = new URLSearchParams({
				workflowId,
				limit: '100',
				includeData: String(includeData),
			});
			if (cursor) query.set('cursor', cursor);
			const page = await this.api<{ data: ExecutionSummary[]; nextCursor?: string | null }>(
				'GET',
				`/executions?${query}`,
			);
			all.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return all;
	}
}

/** The items a node output in one execution (first run, first output). */
export function nodeOutput(
	execution: ExecutionSummary,
	nodeName: string,
): Array<Record<string, unknown>> {
	const runs = execution.data?.resultData.runData[nodeName] ?? [];
	return runs.flatMap((run) => (run.data?.main?.[0] ?? []).map((item) => item.json));
}
