/** The route table of `/api/vcenter/vm/{vm}/hardware*`: the settings and every device family, on the VM's one model. */
import type { HandlerTable } from '../../behaviours/types.js';
import { createDevice, getDevice, listDevices, updateDevice } from './device-routes.js';
import { updateNic, updateParallel, updateSerial } from './device-updates.js';
import { hardwareSettingsHandlers } from './vm-hardware.js';

export const hardwareHandlers: HandlerTable = {
  ...hardwareSettingsHandlers,
  'GET /api/vcenter/vm/{vm}/hardware/ethernet': listDevices('nics'),
  'POST /api/vcenter/vm/{vm}/hardware/ethernet': createDevice('nics'),
  'GET /api/vcenter/vm/{vm}/hardware/ethernet/{nic}': getDevice('nics'),
  'PATCH /api/vcenter/vm/{vm}/hardware/ethernet/{nic}': updateDevice('nics', updateNic),
  'PATCH /api/vcenter/vm/{vm}/hardware/serial/{port}': updateDevice('serial_ports', updateSerial),
  'PATCH /api/vcenter/vm/{vm}/hardware/parallel/{port}': updateDevice('parallel_ports', updateParallel),
};
