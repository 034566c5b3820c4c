import type { Emitter } from '../emit/plugin.js';
import { cliCommands } from './cli.js';
import { clientServices } from './client.js';
import { apiTypes } from './api-types.js';
import { contractCalls } from './contract-calls.js';
import { docs } from './docs.js';
import { errorTypes } from './error-types.js';
import { irJson } from './ir-json.js';
import { mockDomain, mockRoutes, mockSpec } from './mock.js';
import { objectKindTable } from './object-kinds.js';

/** Every emitter, in the order they run. A new emitter is one file in this folder and one line here. */
export const EMITTERS: readonly Emitter[] = [
  irJson,
  apiTypes,
  errorTypes,
  clientServices,
  objectKindTable,
  contractCalls,
  mockSpec,
  mockRoutes,
  mockDomain,
  cliCommands,
  docs,
];
