/** The behaviours of the appliance family, one table per concept, joined. */
import type { HandlerTable } from '../../behaviours/types.js';
import { accessHandlers } from './access.js';
import { accountHandlers } from './accounts.js';
import { dnsHandlers } from './dns.js';
import { firewallHandlers } from './firewall.js';
import { healthHandlers } from './health.js';
import { interfaceHandlers } from './interfaces.js';
import { loggingHandlers } from './logging.js';
import { ntpHandlers } from './ntp.js';
import { proxyHandlers } from './proxy.js';
import { serviceHandlers } from './services.js';
import { shutdownHandlers } from './shutdown.js';
import { storageHandlers } from './storage.js';
import { systemHandlers } from './system.js';

const TABLES: readonly HandlerTable[] = [
  systemHandlers,
  storageHandlers,
  accessHandlers,
  interfaceHandlers,
  dnsHandlers,
  ntpHandlers,
  proxyHandlers,
  firewallHandlers,
  loggingHandlers,
  healthHandlers,
  accountHandlers,
  serviceHandlers,
  shutdownHandlers,
];

export const applianceHandlers: HandlerTable = Object.assign({}, ...TABLES);
