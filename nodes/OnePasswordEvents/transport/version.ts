/** Sent as the User-Agent, as 1Password asks integrations to do. Kept equal to package.json's version by a test. */
export const PACKAGE_VERSION = '0.1.0';
export const USER_AGENT = `n8n-nodes-1password-events/${PACKAGE_VERSION}`;
