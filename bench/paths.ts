import { fileURLToPath } from 'node:url';

/** Every path is resolved from this file, so the bench works from any working directory. */
export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
export const CACHE_DIR = fileURLToPath(new URL('./.cache/', import.meta.url));
export const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));
/** Datasets shared between projects live next to the repository, not inside it. */
export const DATASETS_DIR = fileURLToPath(new URL('../../shared/datasets/', import.meta.url));
