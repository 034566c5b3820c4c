import type { MockFamily } from '../family.js';
import { contentHandlers } from './content.js';

export const contentFamily: MockFamily = {
  name: 'content',
  handlers: contentHandlers,
};
