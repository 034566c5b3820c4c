/**
 * `vsphere-mock --record-from URL --out seed.json`: logs in to the vCenter with the client
 * (@vsphere-kit/client, an optional peer dependency loaded only here), records its inventory and
 * writes the seed. The differences from the specs come back for the caller to print.
 */
import { writeFileSync } from 'node:fs';
import type { Caller } from '@vsphere-kit/core/caller';
import { loadGenerated } from '../server/start.js';
import type { ListAll } from './reader.js';
import { recordInventory, type Recording } from './record.js';
import { AnswerChecker } from './spec-check.js';

export interface RecordOptions {
  /** `https://vc.example.com` */
  readonly from: string;
  readonly out: string;
  readonly username: string;
  readonly password: string;
  /** TLS, as the client takes it: pin a thumbprint, trust a CA (PEM text), or no verification at all. */
  readonly thumbprint?: string;
  readonly ca?: string;
  readonly insecure?: boolean;
}

/** The part of the client's runtime a recording uses. */
interface ClientCore extends Caller {
  login(): Promise<string>;
  close(): Promise<void>;
}
interface ClientModule {
  VsphereCore: new (options: Record<string, unknown>) => ClientCore;
  /** Lists VMs past vCenter's 4,000 limit by splitting the filter. */
  listAll: ListAll;
}

/** The client package; a variable, so that the mock does not need it to build or to serve. */
const CLIENT_PACKAGE = '@vsphere-kit/client';

export class RecordError extends Error {
  override readonly name = 'RecordError';
}

async function loadClient(): Promise<ClientModule> {
  try {
    return (await import(CLIENT_PACKAGE)) as ClientModule;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
      throw new RecordError(`recording reads the vCenter through ${CLIENT_PACKAGE}: install it next to the mock (npm install ${CLIENT_PACKAGE})`);
    }
    throw e;
  }
}

export async function recordToFile(options: RecordOptions): Promise<Recording> {
  const { VsphereCore, listAll } = await loadClient();
  const { spec, routes } = await loadGenerated();
  const core = new VsphereCore({
    baseUrl: options.from,
    username: options.username,
    password: options.password,
    ...(options.thumbprint ? { thumbprint: options.thumbprint } : {}),
    ...(options.ca ? { ca: options.ca } : {}),
    ...(options.insecure ? { insecure: true } : {}),
    retry: { maxRetries: 2 },
  });
  try {
    await core.login();
    // The marker names the server only: no user, query or path that could carry a secret.
    const recording = await recordInventory(core, routes, new AnswerChecker(spec), { listAll, from: new URL(options.from).origin });
    writeFileSync(options.out, `${JSON.stringify(recording.seed, null, 2)}\n`, { mode: 0o600 });
    return recording;
  } finally {
    await core.close();
  }
}
