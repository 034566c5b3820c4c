import type { MockFamily } from '../family.js';
import { sessionHandlers } from './session.js';

export const sessionFamily = {
  name: 'session',
  handlers: sessionHandlers,
} satisfies MockFamily;
