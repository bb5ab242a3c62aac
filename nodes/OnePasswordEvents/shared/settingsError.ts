/**
 * A parameter the user set cannot work (bad date, bad filter, nothing selected). Raised by the
 * shared modules, which have no node to hand; the node files turn it into a NodeOperationError.
 * Its message says what is wrong and how to fix it.
 */
export class SettingsError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'SettingsError';
	}
}
