/**
 * The one way this package talks to the Events API: n8n's authenticated request helper (the
 * credential adds the token and base URL), retries with exponential backoff and jitter that
 * honour Retry-After, all inside a deadline and the shared request budget, and translation of
 * every failure into an EventsApiError with a plain message.
 */
import { sleep } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	IPollFunctions,
} from 'n8n-workflow';

import { describeFailure, EventsApiError, isTransient } from './errors';
import type { FailureDetails } from './errors';
import type { RequestPacer } from './requestBudget';
import { USER_AGENT } from './version';

export type EventsApiContext = IPollFunctions | IExecuteFunctions;

export const CREDENTIAL_TYPE = 'onePasswordEventsApi';

/** Attempts per call at most; the deadline usually ends retries earlier. */
const MAX_ATTEMPTS = 6;
const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 30_000;
/** One request never waits longer than this for an answer. */
const REQUEST_TIMEOUT_MS = 30_000;
const MIN_REQUEST_TIMEOUT_MS = 1000;

interface CallOptions {
	method: 'GET' | 'POST';
	url: string;
	body?: IDataObject;
	/** Epoch milliseconds by which the call, retries included, must be over. */
	deadline: number;
	/** What is being fetched, for messages: "item usages". */
	subject: string;
	pacer?: RequestPacer;
	/** Checks the shape of a 200 answer; returns a reason when it is not usable. */
	validate?: (body: IDataObject) => string | undefined;
	now?: () => number;
}

/** Full jitter: a random wait between half and all of the exponential step. */
function backoffDelay(attempt: number, random: () => number = Math.random): number {
	const step = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
	return Math.round(step / 2 + (random() * step) / 2);
}

function invalidResponse(subject: string, reason: string): FailureDetails {
	return {
		kind: 'invalidResponse',
		message: `The Events API sent an unusable answer for ${subject}: ${reason}`,
		description:
			'This is usually a proxy or network problem (a cut-off or HTML page instead of JSON). If it persists, check the Region or Custom URL in the credential.',
	};
}

function pausedFor(subject: string, until: number): FailureDetails {
	if (until > 0) {
		return {
			kind: 'paused',
			message: `Paused fetching ${subject}: 1Password asked to wait until ${new Date(until).toISOString()} (Retry-After)`,
			description: 'No request is sent for this token before then; fetching resumes on its own.',
		};
	}
	return {
		kind: 'paused',
		message: `Paused fetching ${subject}: this token's request budget for the minute is used up`,
		description:
			'The rest is fetched later; the node keeps each token under 500 requests a minute.',
	};
}

async function sendOnce(
	context: EventsApiContext,
	options: CallOptions,
	timeout: number,
): Promise<unknown> {
	const request: IHttpRequestOptions = {
		method: options.method,
		url: options.url,
		json: true,
		// The Events API never redirects; following redirects would only cost time.
		disableFollowRedirect: true,
		timeout,
		headers: { 'User-Agent': USER_AGENT },
	};
	if (options.body) request.body = options.body;
	return await context.helpers.httpRequestWithAuthentication.call(
		context,
		CREDENTIAL_TYPE,
		request,
	);
}

/**
 * Sends one Events API request and returns its JSON body. Throws an EventsApiError when the
 * request cannot succeed before the deadline; transient kinds mean "try again later".
 */
export async function callEventsApi(
	context: EventsApiContext,
	options: CallOptions,
): Promise<IDataObject> {
	const now = options.now ?? Date.now;
	let failure: FailureDetails | undefined;
	for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
		if (options.pacer && !(await options.pacer.acquire(options.deadline))) {
			// The budget and a Retry-After are waits, not errors: callers carry on later. An earlier
			// attempt's real failure, if any, stays the one reported.
			if (!failure || failure.retryAfterMs !== undefined)
				failure = pausedFor(options.subject, options.pacer.hold);
			break;
		}
		const timeout = Math.min(
			REQUEST_TIMEOUT_MS,
			Math.max(MIN_REQUEST_TIMEOUT_MS, options.deadline - now()),
		);
		let body: unknown;
		try {
			body = await sendOnce(context, options, timeout);
			failure = undefined;
		} catch (error) {
			failure = describeFailure(error, options.subject);
		}
		if (!failure) {
			if (typeof body !== 'object' || body === null || Array.isArray(body)) {
				failure = invalidResponse(
					options.subject,
					'the body is not a JSON object (it may have been cut off)',
				);
			} else {
				const problem = options.validate?.(body as IDataObject);
				if (!problem) return body as IDataObject;
				failure = invalidResponse(options.subject, problem);
			}
		}
		if (!isTransient(failure.kind) || failure.kind === 'paused') break;
		if (failure.retryAfterMs !== undefined) options.pacer?.holdUntil(now() + failure.retryAfterMs);
		const wait = failure.retryAfterMs ?? backoffDelay(attempt);
		if (now() + wait >= options.deadline) {
			// 1Password named its wait: it is a pause until then, not a failure.
			if (failure.retryAfterMs !== undefined)
				failure = pausedFor(options.subject, now() + failure.retryAfterMs);
			break;
		}
		context.logger.debug(`1Password Events API: ${failure.message}; retrying in ${wait} ms`);
		await sleep(wait);
	}
	throw new EventsApiError(
		context.getNode(),
		failure ?? invalidResponse(options.subject, 'no answer'),
	);
}
