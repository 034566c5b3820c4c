/** The route table of `/api/vcenter/vm/{vm}/hardware*`: the settings and every device family, on the VM's one model. */
import type { HandlerTable } from '../../behaviours/types.js';
import { connectDevice, createDevice, deleteDevice, getDevice, listDevices, updateDevice } from './device-routes.js';
import { updateCdrom, updateDisk, updateFloppy, updateNic, updateParallel, updateScsiAdapter, updateSerial } from './device-updates.js';
import { hardwareSettingsHandlers } from './vm-hardware.js';

export const hardwareHandlers: HandlerTable = {
  ...hardwareSettingsHandlers,
  'GET /api/vcenter/vm/{vm}/hardware/disk': listDevices('disks'),
  'POST /api/vcenter/vm/{vm}/hardware/disk': createDevice('disks'),
  'GET /api/vcenter/vm/{vm}/hardware/disk/{disk}': getDevice('disks'),
  'PATCH /api/vcenter/vm/{vm}/hardware/disk/{disk}': updateDevice('disks', updateDisk),
  'DELETE /api/vcenter/vm/{vm}/hardware/disk/{disk}': deleteDevice('disks'),

  'GET /api/vcenter/vm/{vm}/hardware/ethernet': listDevices('nics'),
  'POST /api/vcenter/vm/{vm}/hardware/ethernet': createDevice('nics'),
  'GET /api/vcenter/vm/{vm}/hardware/ethernet/{nic}': getDevice('nics'),
  'PATCH /api/vcenter/vm/{vm}/hardware/ethernet/{nic}': updateDevice('nics', updateNic),
  'DELETE /api/vcenter/vm/{vm}/hardware/ethernet/{nic}': deleteDevice('nics'),
  'POST /api/vcenter/vm/{vm}/hardware/ethernet/{nic}?action=connect': connectDevice('nics', true),
  'POST /api/vcenter/vm/{vm}/hardware/ethernet/{nic}?action=disconnect': connectDevice('nics', false),

  'GET /api/vcenter/vm/{vm}/hardware/cdrom': listDevices('cdroms'),
  'POST /api/vcenter/vm/{vm}/hardware/cdrom': createDevice('cdroms'),
  'GET /api/vcenter/vm/{vm}/hardware/cdrom/{cdrom}': getDevice('cdroms'),
  'PATCH /api/vcenter/vm/{vm}/hardware/cdrom/{cdrom}': updateDevice('cdroms', updateCdrom),
  'DELETE /api/vcenter/vm/{vm}/hardware/cdrom/{cdrom}': deleteDevice('cdroms'),
  'POST /api/vcenter/vm/{vm}/hardware/cdrom/{cdrom}?action=connect': connectDevice('cdroms', true),
  'POST /api/vcenter/vm/{vm}/hardware/cdrom/{cdrom}?action=disconnect': connectDevice('cdroms', false),

  'GET /api/vcenter/vm/{vm}/hardware/floppy': listDevices('floppies'),
  'POST /api/vcenter/vm/{vm}/hardware/floppy': createDevice('floppies'),
  'GET /api/vcenter/vm/{vm}/hardware/floppy/{floppy}': getDevice('floppies'),
  'PATCH /api/vcenter/vm/{vm}/hardware/floppy/{floppy}': updateDevice('floppies', updateFloppy),
  'DELETE /api/vcenter/vm/{vm}/hardware/floppy/{floppy}': deleteDevice('floppies'),
  'POST /api/vcenter/vm/{vm}/hardware/floppy/{floppy}?action=connect': connectDevice('floppies', true),
  'POST /api/vcenter/vm/{vm}/hardware/floppy/{floppy}?action=disconnect': connectDevice('floppies', false),

  'GET /api/vcenter/vm/{vm}/hardware/serial': listDevices('serial_ports'),
  'POST /api/vcenter/vm/{vm}/hardware/serial': createDevice('serial_ports'),
  'GET /api/vcenter/vm/{vm}/hardware/serial/{port}': getDevice('serial_ports'),
  'PATCH /api/vcenter/vm/{vm}/hardware/serial/{port}': updateDevice('serial_ports', updateSerial),
  'DELETE /api/vcenter/vm/{vm}/hardware/serial/{port}': deleteDevice('serial_ports'),
  'POST /api/vcenter/vm/{vm}/hardware/serial/{port}?action=connect': connectDevice('serial_ports', true),
  'POST /api/vcenter/vm/{vm}/hardware/serial/{port}?action=disconnect': connectDevice('serial_ports', false),

  'GET /api/vcenter/vm/{vm}/hardware/parallel': listDevices('parallel_ports'),
  'POST /api/vcenter/vm/{vm}/hardware/parallel': createDevice('parallel_ports'),
  'GET /api/vcenter/vm/{vm}/hardware/parallel/{port}': getDevice('parallel_ports'),
  'PATCH /api/vcenter/vm/{vm}/hardware/parallel/{port}': updateDevice('parallel_ports', updateParallel),
  'DELETE /api/vcenter/vm/{vm}/hardware/parallel/{port}': deleteDevice('parallel_ports'),
  'POST /api/vcenter/vm/{vm}/hardware/parallel/{port}?action=connect': connectDevice('parallel_ports', true),
  'POST /api/vcenter/vm/{vm}/hardware/parallel/{port}?action=disconnect': connectDevice('parallel_ports', false),

  'GET /api/vcenter/vm/{vm}/hardware/adapter/sata': listDevices('sata_adapters'),
  'POST /api/vcenter/vm/{vm}/hardware/adapter/sata': createDevice('sata_adapters'),
  'GET /api/vcenter/vm/{vm}/hardware/adapter/sata/{adapter}': getDevice('sata_adapters'),
  'DELETE /api/vcenter/vm/{vm}/hardware/adapter/sata/{adapter}': deleteDevice('sata_adapters'),

  'GET /api/vcenter/vm/{vm}/hardware/adapter/scsi': listDevices('scsi_adapters'),
  'POST /api/vcenter/vm/{vm}/hardware/adapter/scsi': createDevice('scsi_adapters'),
  'GET /api/vcenter/vm/{vm}/hardware/adapter/scsi/{adapter}': getDevice('scsi_adapters'),
  'PATCH /api/vcenter/vm/{vm}/hardware/adapter/scsi/{adapter}': updateDevice('scsi_adapters', updateScsiAdapter),
  'DELETE /api/vcenter/vm/{vm}/hardware/adapter/scsi/{adapter}': deleteDevice('scsi_adapters'),

  'GET /api/vcenter/vm/{vm}/hardware/adapter/nvme': listDevices('nvme_adapters'),
  'POST /api/vcenter/vm/{vm}/hardware/adapter/nvme': createDevice('nvme_adapters'),
  'GET /api/vcenter/vm/{vm}/hardware/adapter/nvme/{adapter}': getDevice('nvme_adapters'),
  'DELETE /api/vcenter/vm/{vm}/hardware/adapter/nvme/{adapter}': deleteDevice('nvme_adapters'),
};
