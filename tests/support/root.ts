import { resolve } from 'node:path';

/** The checkout's root (what tests read files from; no stack needed). */
export const ROOT = resolve(import.meta.dir, '../..');
