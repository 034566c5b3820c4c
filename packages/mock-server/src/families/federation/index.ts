import { tokenExchangeHandlers } from '../../idp/exchange.js';
import type { MockFamily } from '../family.js';

/** The token exchange of identity federation (the IdP itself is an extra route: src/idp/). */
export const federationFamily = {
  name: 'federation',
  handlers: tokenExchangeHandlers,
} satisfies MockFamily;
