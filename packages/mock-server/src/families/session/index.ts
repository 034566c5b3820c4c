import type { MockFamily } from '../family.js';
import { sessionHandlers } from './session.js';

export const sessionFamily: MockFamily = {
  name: 'session',
  handlers: sessionHandlers,
};
