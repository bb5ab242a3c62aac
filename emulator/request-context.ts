import type { IncomingMessage, ServerResponse } from 'node:http';

/** One API request as the handlers see it; `tokenId` is filled in for the stats once known. */
export interface RequestContext {
	readonly req: IncomingMessage;
	readonly res: ServerResponse;
	tokenId?: string;
}
