/**
 * File transfers with a guest: `POST …/guest/filesystem?action=create` opens one and answers a
 * URL; `PUT` to it uploads the file's bytes, `GET` downloads them. As on ESXi, the token in the
 * URL is the only credential and is good for one use; open transfers are not state (a reset or a
 * restart forgets them).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Inventory } from '../../state/inventory.js';
import { invalidArgument, notFound, VapiError } from '../../server/errors.js';
import { readBounded } from '../../server/read-body.js';
import { GuestFs } from './guest-files.js';

export const GUEST_FILE_PATH = '/guestFile';

interface Transfer {
  vm: string;
  path: string;
  /** Set for an upload: the size the transfer declared. */
  uploadSize?: number;
}

/** Per state, so that reset() (a new state) forgets the open transfers. */
const open = new WeakMap<Inventory, Map<string, Transfer>>();

/** Opens a transfer; returns the query of its URL. */
export function openTransfer(state: Inventory, transfer: Transfer): string {
  let table = open.get(state);
  if (!table) open.set(state, (table = new Map()));
  const token = randomBytes(24).toString('hex');
  table.set(token, transfer);
  return `id=${randomBytes(4).readUInt32BE(0)}&token=${token}`;
}

/** What the server gives the transfer endpoint: the live state and the body limit. */
export interface TransferHost {
  readonly state: Inventory;
  readonly options: { readonly bodyLimit: number };
}

/** The upload's bytes; a body over the mock's limit is refused with 413, naming the limit. */
async function readBytes(req: IncomingMessage, limit: number): Promise<Buffer> {
  const { bytes, size } = await readBounded(req, limit);
  if (size > limit)
    throw new VapiError(
      'INVALID_ARGUMENT',
      `The upload is larger than the mock's body limit (${limit} bytes).`,
      [String(limit)],
      'vapi.std.errors.invalid_argument',
      413,
    );
  return bytes;
}

/** Serves `PUT`/`GET /guestFile?id=…&token=…`; other paths are not its own. */
export async function serveGuestFile(host: TransferHost, req: IncomingMessage, res: ServerResponse, pathname: string, search: string): Promise<boolean> {
  if (pathname !== GUEST_FILE_PATH) return false;
  const token = new URLSearchParams(search).get('token') ?? '';
  const table = open.get(host.state);
  const transfer = table?.get(token);
  if (!transfer) throw notFound('File transfer', token.slice(0, 8) || '(no token)', 'com.vmware.api.vcenter.vm.guest.filesystem.transfer_not_found');
  const method = req.method ?? 'GET';
  const upload = transfer.uploadSize !== undefined;
  if (method !== (upload ? 'PUT' : 'GET')) {
    throw new VapiError(
      'INVALID_REQUEST',
      `This transfer is ${upload ? 'an upload: PUT' : 'a download: GET'} the file.`,
      [method],
      'vapi.std.errors.invalid_request',
      405,
    );
  }
  table!.delete(token); // one use
  const vm = host.state.vms.get(transfer.vm);
  if (!vm) throw notFound('Virtual machine', transfer.vm, 'com.vmware.api.vcenter.vm.not_found');
  const fs = new GuestFs(host.state, vm);
  const p = fs.path(transfer.path, 'path');
  if (upload) {
    const bytes = await readBytes(req, host.options.bodyLimit);
    if (bytes.length !== transfer.uploadSize) {
      throw invalidArgument(`The upload has ${bytes.length} bytes; the transfer declared ${transfer.uploadSize}.`, [
        String(bytes.length),
        String(transfer.uploadSize),
      ]);
    }
    host.state.beginChange();
    try {
      fs.update(p, (f) => {
        f.size = bytes.length;
        f.content = bytes.toString('base64');
        f.last_modified = new Date().toISOString();
      });
      host.state.changed();
    } finally {
      host.state.endChange();
    }
    res.writeHead(200, { 'content-length': '0' }).end();
    return true;
  }
  const f = fs.must(p);
  // Files the mock never received bytes for read as zeros of their size.
  const body = f.content !== undefined ? Buffer.from(f.content, 'base64') : Buffer.alloc(Math.min(f.size, host.options.bodyLimit));
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(body.length) }).end(body);
  return true;
}
