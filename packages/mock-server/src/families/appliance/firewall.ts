/** Inbound firewall rules of the appliance: the whole list is replaced at once; a rule names an interface the appliance has, or `*`. */
import type { HandlerTable, RequestBody } from '../../behaviours/types.js';
import { check, checkIp, checkPrefix, isIPv4 } from './addresses.js';
import { section, writeSection } from './config.js';
import type { FirewallRule } from './types.js';

export const firewallHandlers: HandlerTable = {
  'GET /api/appliance/networking/firewall/inbound': ({ state }) => ({ body: section(state, 'firewall').rules.map((r) => ({ ...r })) }),
  'PUT /api/appliance/networking/firewall/inbound': ({ state, body }) => {
    const { rules } = body as RequestBody<'PUT /api/appliance/networking/firewall/inbound'>;
    const interfaces = section(state, 'interfaces');
    const checked: FirewallRule[] = rules.map((rule, i) => {
      checkIp(`rules[${i}].address`, rule.address);
      checkPrefix(`rules[${i}].prefix`, rule.prefix, isIPv4(rule.address) ? 32 : 128);
      const nic = rule.interface_name ?? '*';
      check(
        nic === '*' || Object.hasOwn(interfaces, nic),
        `rules[${i}].interface_name`,
        nic,
        `'*' or an interface of the appliance (${Object.keys(interfaces).join(', ')})`,
      );
      return { address: rule.address, prefix: rule.prefix, policy: rule.policy, interface_name: nic };
    });
    writeSection(state, 'firewall', { rules: checked });
  },
};
