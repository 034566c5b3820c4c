import type { Ctx } from './cli.js';
import type { Settings } from './connection.js';
import { CliError } from './errors.js';

/** `vsphere login --oidc-issuer URL --client-id ID [--device|--browser]`. */
export async function federatedLogin(_ctx: Ctx, _settings: Settings): Promise<number> {
  throw new CliError('federated login is not available in this build yet');
}
