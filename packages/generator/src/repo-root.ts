import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository the generator belongs to (its default output root). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
