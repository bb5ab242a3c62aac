import { DAY_MS } from './time';

/** Defaults shared by the in-process API and both CLIs. */
export const DEFAULT_SEED = '1password-events-emulator';
export const DEFAULT_BACKLOG_PER_TYPE = 1000;
export const DEFAULT_BACKLOG_SPAN_MS = 7 * DAY_MS;
export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';
