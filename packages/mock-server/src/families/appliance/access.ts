/**
 * Console and remote access: SSH, the Bash shell (enabled for a number of seconds that
 * count down), the direct console UI and the appliance shell. Each set reads back.
 */
import type { HandlerTable, OpHandler, RequestBody } from '../../behaviours/types.js';
import { check } from './addresses.js';
import { section, writeSection } from './config.js';

/** The appliance enables the Bash shell for one day at most. */
export const SHELL_MAX_TIMEOUT_S = 86_400;

type Flag = 'ssh' | 'dcui' | 'consolecli';

/** GET and PUT of one on/off access setting. */
function accessFlag(flag: Flag): { get: OpHandler; set: OpHandler } {
  return {
    get: ({ state }) => ({ body: section(state, 'access')[flag] }),
    set: ({ state, body }) => {
      writeSection(state, 'access', { ...section(state, 'access'), [flag]: (body as { enabled: boolean }).enabled });
    },
  };
}

const ssh = accessFlag('ssh');
const dcui = accessFlag('dcui');
const consolecli = accessFlag('consolecli');

export const accessHandlers: HandlerTable = {
  'GET /api/appliance/access/ssh': ssh.get,
  'PUT /api/appliance/access/ssh': ssh.set,
  'GET /api/appliance/access/dcui': dcui.get,
  'PUT /api/appliance/access/dcui': dcui.set,
  'GET /api/appliance/access/consolecli': consolecli.get,
  'PUT /api/appliance/access/consolecli': consolecli.set,
  'GET /api/appliance/access/shell': ({ state }) => {
    const { enabled_until } = section(state, 'access').shell;
    const left = Math.max(0, Math.ceil((enabled_until - Date.now()) / 1000));
    return { body: { enabled: left > 0, timeout: left } };
  },
  'PUT /api/appliance/access/shell': ({ state, body }) => {
    const { enabled, timeout } = body as RequestBody<'PUT /api/appliance/access/shell'>;
    if (enabled)
      check(
        Number.isInteger(timeout) && timeout > 0 && timeout <= SHELL_MAX_TIMEOUT_S,
        'timeout',
        timeout,
        `a number of seconds from 1 to ${SHELL_MAX_TIMEOUT_S}`,
      );
    const shell = enabled ? { enabled: true, enabled_until: Date.now() + timeout * 1000 } : { enabled: false, enabled_until: 0 };
    writeSection(state, 'access', { ...section(state, 'access'), shell });
  },
};
