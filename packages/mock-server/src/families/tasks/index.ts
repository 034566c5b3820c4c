import type { MockFamily } from '../family.js';
import { taskHandlers } from './tasks.js';

export const tasksFamily = {
  name: 'tasks',
  handlers: taskHandlers,
} satisfies MockFamily;
