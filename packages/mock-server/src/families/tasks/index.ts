import type { MockFamily } from '../family.js';
import { taskHandlers } from './tasks.js';

export const tasksFamily: MockFamily = {
  name: 'tasks',
  handlers: taskHandlers,
};
