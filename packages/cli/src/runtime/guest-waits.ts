/**
 * `--wait` on the guest operations a scripter waits on: reads that succeed only once VMware Tools
 * report (the guest's IP address, its networking), and guest power actions that vCenter starts and
 * the guest OS finishes later (shut down → the VM powers off; standby → it is suspended). Each polls
 * until the state is reached, for at most `--wait-timeout` (default 5 minutes), showing what it
 * waits for; Ctrl-C stops waiting and says how to look again.
 */
import { CliError } from './errors.js';

/** How the runtime reads another operation (`vcenter.vm.power.get`) with path parameters. */
export type ReadOperation = (operationId: string, path: Record<string, string>, signal: AbortSignal) => Promise<unknown>;

export interface GuestWaitContext {
  readonly vm: string;
  /** The command's own call (a read is repeated; an action runs once). */
  readonly call: (signal: AbortSignal) => Promise<unknown>;
  readonly read: ReadOperation;
  /** Says what the wait sees now (`TOOLS_NOT_RUNNING`, `POWERED_ON`). */
  readonly status: (status: string) => void;
  readonly signal: AbortSignal;
}

export interface GuestWait {
  /** `--wait` in the command's help. */
  readonly help: string;
  /** What is awaited, for messages: `the guest's IP address`. */
  readonly awaited: string;
  /** The status shown when the wait is over: `IP_REPORTED`, `POWERED_OFF`. */
  readonly done: string;
  /** The command to look again after a timeout or Ctrl-C. */
  readonly lookAgain: (vm: string) => string;
  readonly run: (ctx: GuestWaitContext) => Promise<unknown>;
}

/** Default bound of a guest wait: Tools that never start would otherwise keep a script waiting forever. */
export const GUEST_WAIT_DEFAULT_MS = 5 * 60_000;
const FIRST_POLL_MS = 250;
const MAX_POLL_MS = 2000;

async function pause(attempt: number, signal: AbortSignal): Promise<void> {
  const { sleep } = await import('./tasks.js');
  await sleep(Math.min(FIRST_POLL_MS * 2 ** attempt, MAX_POLL_MS), signal);
}

const errorType = (err: unknown): string | undefined => (err as { errorType?: string })?.errorType;

/** A guest that cannot report because its VM is not running is an error now, not after the timeout. */
async function requirePoweredOn(ctx: GuestWaitContext, awaited: string): Promise<void> {
  const power = (await ctx.read('vcenter.vm.power.get', { vm: ctx.vm }, ctx.signal)) as { state?: string };
  if (power.state !== 'POWERED_ON') {
    throw new CliError(
      `${ctx.vm} is ${power.state ?? 'not powered on'}, so VMware Tools cannot report ${awaited}. Power it on first: vsphere vcenter vm power start --vm ${ctx.vm}`,
    );
  }
}

/** Repeats a guest read until it answers with what `ready` looks for. */
function readUntil(awaited: string, command: string, ready: (result: unknown) => boolean, notYet: string, done: string): GuestWait {
  return {
    help: `Wait until VMware Tools report ${awaited} (polls; see --wait-timeout).`,
    awaited,
    done,
    lookAgain: (vm) => `vsphere ${command} --vm ${vm} --wait`,
    async run(ctx) {
      for (let attempt = 0; ; attempt++) {
        try {
          const result = await ctx.call(ctx.signal);
          if (ready(result)) return result;
          ctx.status(notYet);
        } catch (err) {
          // vCenter answers SERVICE_UNAVAILABLE while Tools have not reported.
          if (errorType(err) !== 'SERVICE_UNAVAILABLE') throw err;
          await requirePoweredOn(ctx, awaited);
          ctx.status('TOOLS_NOT_RUNNING');
        }
        await pause(attempt, ctx.signal);
      }
    },
  };
}

/** Runs a guest power action, then polls the VM's power state until it is `target`. */
function actThenPower(target: string, awaited: string): GuestWait {
  return {
    help: `Wait until the guest OS has finished and the VM is ${target} (polls; see --wait-timeout).`,
    awaited,
    done: target,
    lookAgain: (vm) => `vsphere vcenter vm power get --vm ${vm}`,
    async run(ctx) {
      const result = await ctx.call(ctx.signal);
      for (let attempt = 0; ; attempt++) {
        const power = (await ctx.read('vcenter.vm.power.get', { vm: ctx.vm }, ctx.signal)) as { state?: string };
        if (power.state === target) return result;
        ctx.status(power.state ?? 'UNKNOWN');
        await pause(attempt, ctx.signal);
      }
    },
  };
}

const hasIpv4 = (addresses: readonly { ip_address?: string }[] | undefined): boolean =>
  (addresses ?? []).some((a) => typeof a.ip_address === 'string' && /^\d+\.\d+\.\d+\.\d+$/.test(a.ip_address) && !a.ip_address.startsWith('169.254.'));

/** Operation id → what `--wait` does on it. */
export const GUEST_WAITS: ReadonlyMap<string, GuestWait> = new Map([
  [
    'vcenter.vm.guest.identity.get',
    readUntil(
      "the guest's IP address",
      'vcenter vm guest identity get',
      (r) => typeof (r as { ip_address?: unknown })?.ip_address === 'string',
      'NO_IP_YET',
      'IP_REPORTED',
    ),
  ],
  [
    'vcenter.vm.guest.networking.interfaces.list',
    readUntil(
      'an IPv4 address on a network interface',
      'vcenter vm guest networking interfaces list',
      (r) => Array.isArray(r) && r.some((nic) => hasIpv4((nic as { ip?: { ip_addresses?: { ip_address?: string }[] } }).ip?.ip_addresses)),
      'NO_IP_YET',
      'IP_REPORTED',
    ),
  ],
  ['vcenter.vm.guest.networking.get', readUntil("the guest's networking", 'vcenter vm guest networking get', () => true, 'TOOLS_NOT_RUNNING', 'REPORTED')],
  ['vcenter.vm.guest.power.shutdown', actThenPower('POWERED_OFF', 'a power-off after the guest shutdown')],
  ['vcenter.vm.guest.power.standby', actThenPower('SUSPENDED', 'a suspended state after the guest standby')],
]);

/** Settles like `promise`, or rejects as soon as `signal` aborts (a poll in flight does not hold up Ctrl-C). */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
