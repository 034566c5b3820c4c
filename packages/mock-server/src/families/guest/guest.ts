/** Every behaviour of the guest family: VMware Tools and the guest of each VM (identity, networking, file systems, power, customization, guest operations). */
import type { HandlerTable, OpContext } from '../../behaviours/types.js';
import type { Vm } from '../../state/types.js';
import { isErrorAnswer, unlessRefused } from '../../server/errors.js';
import { findVm, getVm } from '../vm/vm-lookup.js';
import { customizationInfo, setCustomization, type CustomizationSpec } from './customization.js';
import { guestOperationsInfo, guestPowerInfo, identityInfo, interfacesInfo, localFilesystemInfo, networkingInfo, routesInfo } from './guest-info.js';
import { guestOperations as ops } from './guest-operations.js';
import { guestPower } from './guest-power.js';
import { requireTools } from './guest-record.js';
import { namedCustomizationSpec } from './customization-specs.js';
import { toolsHandlers } from './tools.js';

/** The VM of the call, with Tools running (else 503 as vCenter answers). */
function reporting(ctx: OpContext): Vm {
  const vm = getVm(ctx.state, ctx.params.vm!);
  requireTools(ctx.state, vm);
  return vm;
}

export const guestHandlers: HandlerTable = {
  ...toolsHandlers,
  'GET /api/vcenter/vm/{vm}/guest/identity': (ctx) => ({ body: identityInfo(ctx.state, reporting(ctx)) }),
  'GET /api/vcenter/vm/{vm}/guest/networking': (ctx) => ({ body: networkingInfo(ctx.state, reporting(ctx)) }),
  'GET /api/vcenter/vm/{vm}/guest/networking/interfaces': (ctx) => ({ body: interfacesInfo(ctx.state, reporting(ctx)) }),
  'GET /api/vcenter/vm/{vm}/guest/networking/routes': (ctx) => ({ body: routesInfo(ctx.state, reporting(ctx)) }),
  'GET /api/vcenter/vm/{vm}/guest/local-filesystem': (ctx) => ({ body: localFilesystemInfo(ctx.state, reporting(ctx)) }),
  'GET /api/vcenter/vm/{vm}/guest/operations': ({ state, params }) =>
    unlessRefused(findVm(state, params.vm), (vm) => ({ body: guestOperationsInfo(state, vm) })),
  'GET /api/vcenter/vm/{vm}/guest/power': ({ state, params }) => unlessRefused(findVm(state, params.vm), (vm) => ({ body: guestPowerInfo(state, vm) })),
  'POST /api/vcenter/vm/{vm}/guest/power?action=shutdown': ({ state, params, server }) => {
    const vm = findVm(state, params.vm);
    if (isErrorAnswer(vm)) return vm;
    guestPower(state, vm, 'shutdown', server.toolsStartMs);
    return { status: 204 };
  },
  'POST /api/vcenter/vm/{vm}/guest/power?action=reboot': ({ state, params, server }) => {
    const vm = findVm(state, params.vm);
    if (isErrorAnswer(vm)) return vm;
    guestPower(state, vm, 'reboot', server.toolsStartMs);
    return { status: 204 };
  },
  'POST /api/vcenter/vm/{vm}/guest/power?action=standby': ({ state, params, server }) => {
    const vm = findVm(state, params.vm);
    if (isErrorAnswer(vm)) return vm;
    guestPower(state, vm, 'standby', server.toolsStartMs);
    return { status: 204 };
  },
  'GET /api/vcenter/vm/{vm}/guest/customization': ({ state, params }) =>
    unlessRefused(findVm(state, params.vm), (vm) => ({ body: customizationInfo(state, vm) })),
  'PUT /api/vcenter/vm/{vm}/guest/customization': ({ state, params, body }) => {
    const vm = findVm(state, params.vm);
    if (isErrorAnswer(vm)) return vm;
    const set = (body ?? {}) as { name?: string; spec?: CustomizationSpec };
    // A name wins over an inline spec, as vCenter reads them; neither clears what is pending.
    const spec = set.name !== undefined ? namedCustomizationSpec(state, set.name) : set.spec;
    setCustomization(state, vm, spec);
    return { status: 204 };
  },
  'POST /api/vcenter/vm/{vm}/guest/filesystem/files?action=list': ops.filesList,
  'POST /api/vcenter/vm/{vm}/guest/filesystem/files/{path}?action=get': ops.filesGet,
  'POST /api/vcenter/vm/{vm}/guest/filesystem/files/{path}?action=delete': ops.filesDelete,
  'POST /api/vcenter/vm/{vm}/guest/filesystem/files?action=move': ops.filesMove,
  'POST /api/vcenter/vm/{vm}/guest/filesystem/files?action=update': ops.filesUpdate,
  'POST /api/vcenter/vm/{vm}/guest/filesystem/files?action=createTemporary': ops.filesCreateTemporary,
  'POST /api/vcenter/vm/{vm}/guest/filesystem/directories?action=create': ops.directoriesCreate,
  'POST /api/vcenter/vm/{vm}/guest/filesystem/directories?action=createTemporary': ops.directoriesCreateTemporary,
  'POST /api/vcenter/vm/{vm}/guest/filesystem/directories?action=delete': ops.directoriesDelete,
  'POST /api/vcenter/vm/{vm}/guest/filesystem/directories?action=move': ops.directoriesMove,
  'POST /api/vcenter/vm/{vm}/guest/filesystem?action=create': ops.transfersCreate,
  'POST /api/vcenter/vm/{vm}/guest/processes?action=create': ops.processesCreate,
  'POST /api/vcenter/vm/{vm}/guest/processes?action=list': ops.processesList,
  'POST /api/vcenter/vm/{vm}/guest/processes/{pid}?action=get': ops.processesGet,
  'POST /api/vcenter/vm/{vm}/guest/processes/{pid}?action=delete': ops.processesDelete,
  'POST /api/vcenter/vm/{vm}/guest/environment/{name}?action=get': ops.environmentGet,
  'POST /api/vcenter/vm/{vm}/guest/environment?action=list': ops.environmentList,
};
