/**
 * The single place where errors from the shared modules become the errors n8n shows: API
 * failures are already NodeApiErrors; settings and credential problems become
 * NodeOperationErrors with their own message (which says how to fix them).
 */
import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import { EventsApiError } from './apiErrors';

export function toNodeError(node: INode, error: unknown): EventsApiError | NodeOperationError {
	if (error instanceof EventsApiError || error instanceof NodeOperationError) return error;
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, message);
}
