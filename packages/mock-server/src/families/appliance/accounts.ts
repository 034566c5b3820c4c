/**
 * Local (operating-system) accounts of the appliance and the global password policy.
 * Passwords must meet the appliance's rules (8 to 20 printable characters with an upper-case
 * letter, a lower-case letter, a digit and a special character); they are checked, never
 * stored and never shown: an account only records that it has one and when it changed.
 * Password ageing defaults to the global policy.
 */
import type { HandlerTable, RequestBody } from '../../behaviours/types.js';
import { notFound, VapiError } from '../../server/errors.js';
import type { Inventory } from '../../state/inventory.js';
import { check } from './addresses.js';
import { section, writeSection } from './config.js';
import type { ApplianceConfig, LocalAccount } from './types.js';

export const ACCOUNT_ROLES = ['operator', 'admin', 'superAdmin'] as const;
const USERNAME = /^[a-z_][a-z0-9_-]{0,31}$/;
const DAY_MS = 86_400_000;

type Config = RequestBody<'POST /api/appliance/local-accounts'>['config'];
type UpdateConfig = RequestBody<'PATCH /api/appliance/local-accounts/{username}'>;
type Policy = ApplianceConfig['password_policy'];

/** The first rule the password breaks, or undefined. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < 8) return 'is shorter than 8 characters';
  if (password.length > 20) return 'is longer than 20 characters';
  if (!/^[\x21-\x7e]+$/.test(password)) return 'holds characters other than printable ASCII without spaces';
  if (!/[A-Z]/.test(password)) return 'has no upper-case letter';
  if (!/[a-z]/.test(password)) return 'has no lower-case letter';
  if (!/\d/.test(password)) return 'has no digit';
  if (!/[^A-Za-z0-9]/.test(password)) return 'has no special character';
  return undefined;
}

function checkPassword(field: string, password: string): void {
  const problem = passwordProblem(password);
  // The message names the rule, never the password.
  if (problem) throw new VapiError('INVALID_ARGUMENT', `${field} ${problem}.`, [field], 'com.vmware.appliance.localaccounts.password.weak');
}

function checkAgeing(where: string, p: { max: number; min: number; warn: number }): void {
  check(Number.isInteger(p.max) && p.max >= 0, `${where}max_days`, p.max, 'a number of days of 0 or more');
  check(Number.isInteger(p.min) && p.min >= 0 && p.min <= p.max, `${where}min_days`, p.min, `a number of days from 0 to the maximum (${p.max})`);
  check(Number.isInteger(p.warn) && p.warn >= 0 && p.warn <= p.max, `${where}warn_days`, p.warn, `a number of days from 0 to the maximum (${p.max})`);
}

export function accountOf(s: Inventory, username: string): LocalAccount {
  const account = Object.hasOwn(s.rules.appliance_accounts, username) ? s.rules.appliance_accounts[username] : undefined;
  if (!account) throw notFound('Local account', username, 'com.vmware.appliance.localaccounts.not_found');
  return account;
}

/** The account a config makes of `base` (a new account's defaults, or the account as it is), checked as a whole. */
function applyConfig(base: LocalAccount, config: UpdateConfig, policy: Policy, now: number): LocalAccount {
  if (config.password !== undefined) checkPassword('config.password', config.password);
  if (config.roles !== undefined) {
    check(config.roles.length > 0, 'config.roles', config.roles, 'a non-empty list of roles');
    for (const [i, r] of config.roles.entries())
      check((ACCOUNT_ROLES as readonly string[]).includes(r), `config.roles[${i}]`, r, `one of ${ACCOUNT_ROLES.join(', ')}`);
  }
  const max = config.max_days_between_password_change ?? base.max_days_between_password_change ?? policy.max_days;
  const min = config.min_days_between_password_change ?? base.min_days_between_password_change ?? policy.min_days;
  const warn = config.warn_days_before_password_expiration ?? base.warn_days_before_password_expiration ?? policy.warn_days;
  checkAgeing('config.', { max, min, warn });
  if (config.days_after_password_expiration !== undefined) {
    check(
      Number.isInteger(config.days_after_password_expiration) && config.days_after_password_expiration >= 0,
      'config.days_after_password_expiration',
      config.days_after_password_expiration,
      'a number of days of 0 or more',
    );
  }
  const last = config.password !== undefined ? new Date(now).toISOString() : base.last_password_change;
  const expires = config.password_expires ?? base.password_expires;
  const expiresAt = !expires
    ? undefined
    : (config.password_expires_at ?? (last ? new Date(Date.parse(last) + max * DAY_MS).toISOString() : base.password_expires_at));
  const next: LocalAccount = {
    ...base,
    roles: config.roles ? [...config.roles] : base.roles,
    enabled: config.enabled ?? base.enabled,
    has_password: base.has_password || config.password !== undefined,
    password_expires: expires,
    inactive_after_password_expiration: config.inactive_after_password_expiration ?? base.inactive_after_password_expiration,
    min_days_between_password_change: min,
    max_days_between_password_change: max,
    warn_days_before_password_expiration: warn,
  };
  if (config.full_name !== undefined) next.fullname = config.full_name;
  if (config.email !== undefined) next.email = config.email;
  if (last) next.last_password_change = last;
  if (expiresAt) next.password_expires_at = expiresAt;
  else delete next.password_expires_at;
  if (config.days_after_password_expiration !== undefined) next.days_after_password_expiration = config.days_after_password_expiration;
  return next;
}

/** An account before its configuration applies: ageing fields are filled from the policy by applyConfig(). */
function fresh(username: string): LocalAccount {
  return {
    username,
    roles: [],
    enabled: true,
    has_password: false,
    password_expires: true,
    inactive_after_password_expiration: false,
  } as unknown as LocalAccount;
}

function info(a: LocalAccount) {
  const inactiveAt =
    a.inactive_after_password_expiration && a.password_expires_at
      ? new Date(Date.parse(a.password_expires_at) + (a.days_after_password_expiration ?? 0) * DAY_MS).toISOString()
      : undefined;
  return {
    ...(a.fullname !== undefined ? { fullname: a.fullname } : {}),
    ...(a.email !== undefined ? { email: a.email } : {}),
    roles: [...a.roles],
    enabled: a.enabled,
    has_password: a.has_password,
    ...(a.last_password_change ? { last_password_change: a.last_password_change } : {}),
    ...(a.password_expires_at ? { password_expires_at: a.password_expires_at } : {}),
    ...(inactiveAt ? { inactive_at: inactiveAt } : {}),
    min_days_between_password_change: a.min_days_between_password_change,
    max_days_between_password_change: a.max_days_between_password_change,
    warn_days_before_password_expiration: a.warn_days_before_password_expiration,
  };
}

/** `root` as the appliance has it after deployment. */
export function rootAccount(): LocalAccount {
  return {
    username: 'root',
    fullname: 'root',
    roles: ['superAdmin'],
    enabled: true,
    has_password: true,
    last_password_change: '2023-10-02T09:14:27.000Z',
    // Set at deployment to never expire, as the installer offers for root.
    password_expires: false,
    inactive_after_password_expiration: false,
    min_days_between_password_change: 0,
    max_days_between_password_change: 90,
    warn_days_before_password_expiration: 7,
  };
}

export const accountHandlers: HandlerTable = {
  'GET /api/appliance/local-accounts': ({ state }) => ({ body: Object.keys(state.rules.appliance_accounts).sort() }),
  'GET /api/appliance/local-accounts/{username}': ({ state, params }) => ({ body: info(accountOf(state, params.username)) }),
  'POST /api/appliance/local-accounts': ({ state, body }) => {
    const { username, config } = body as RequestBody<'POST /api/appliance/local-accounts'>;
    check(USERNAME.test(username), 'username', username, 'a user name of up to 32 lower-case letters, digits, _ and - (starting with a letter or _)');
    if (Object.hasOwn(state.rules.appliance_accounts, username)) {
      throw new VapiError('ALREADY_EXISTS', `Local account '${username}' already exists.`, [username], 'com.vmware.appliance.localaccounts.already_exists');
    }
    state.rules.appliance_accounts[username] = applyConfig(fresh(username), config as Config, section(state, 'password_policy'), Date.now());
  },
  'PUT /api/appliance/local-accounts/{username}': ({ state, params, body }) => {
    const account = accountOf(state, params.username);
    // A set replaces the configuration: what it leaves out goes back to the defaults.
    const base = {
      ...fresh(account.username),
      has_password: account.has_password,
      ...(account.last_password_change ? { last_password_change: account.last_password_change } : {}),
    };
    state.rules.appliance_accounts[params.username] = applyConfig(base as LocalAccount, body as Config, section(state, 'password_policy'), Date.now());
  },
  'PATCH /api/appliance/local-accounts/{username}': ({ state, params, body }) => {
    const account = accountOf(state, params.username);
    state.rules.appliance_accounts[params.username] = applyConfig(account, body as UpdateConfig, section(state, 'password_policy'), Date.now());
  },
  'DELETE /api/appliance/local-accounts/{username}': ({ state, params }) => {
    accountOf(state, params.username);
    delete state.rules.appliance_accounts[params.username];
  },
  'GET /api/appliance/local-accounts/global-policy': ({ state }) => ({ body: { ...section(state, 'password_policy') } }),
  'PUT /api/appliance/local-accounts/global-policy': ({ state, body }) => {
    const spec = body as RequestBody<'PUT /api/appliance/local-accounts/global-policy'>;
    const p = section(state, 'password_policy');
    const next = { max_days: spec.max_days ?? p.max_days, min_days: spec.min_days ?? p.min_days, warn_days: spec.warn_days ?? p.warn_days };
    checkAgeing('', { max: next.max_days, min: next.min_days, warn: next.warn_days });
    writeSection(state, 'password_policy', next);
  },
};
