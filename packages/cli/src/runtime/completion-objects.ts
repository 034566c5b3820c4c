/**
 * Completion of object flags (`--vm <TAB>`) from the server: the identifiers and names of the
 * kind's objects, read with the session `vsphere login` stored (never a password: completion
 * does not log in). The answer is cached for a minute in `$XDG_CACHE_HOME/vsphere-kit/completion`
 * (a 0700 folder of the user's own, 0600 files named by a hash of the server, user and kind),
 * and a server that does not answer within COMPLETION_TIMEOUT_MS gives no candidates rather
 * than a hanging shell.
 */
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { cacheRoot, privateDir } from './code-cache.js';
import { openApi, resolveSettings, type Api, type Settings } from './connection.js';
import { loadClientApi } from './lazy.js';
import { PAGED_LIST_OPERATION } from './flag-table.js';
import { callerOf } from './resolve.js';

/** How long a cached answer is offered. */
export const COMPLETION_TTL_MS = 60_000;
/** How long completion waits for the server. */
export const COMPLETION_TIMEOUT_MS = 1500;
/** Candidates offered at most (a TAB that lists thousands helps nobody). */
const MAX_OBJECTS = 2000;

interface Entry {
  readonly at: number;
  readonly objects: readonly { id: string; name?: string }[];
}

function cacheDir(env: NodeJS.ProcessEnv): string {
  return join(cacheRoot(env), 'completion');
}

function readCache(file: string, now: number): Entry | undefined {
  if (!privateDir(dirname(file))) return undefined;
  try {
    const entry = JSON.parse(readFileSync(file, 'utf8')) as Entry;
    return typeof entry.at === 'number' && Array.isArray(entry.objects) && now - entry.at >= 0 && now - entry.at < COMPLETION_TTL_MS ? entry : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(file: string, entry: Entry): void {
  try {
    const dir = dirname(file);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    if (!privateDir(dir)) return;
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(entry), { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    // a cache only ever saves time
  }
}

/** The objects of `kind` from the server with the stored session, or undefined without an answer in time. */
async function fetchObjects(kind: string, settings: Settings): Promise<Entry['objects'] | undefined> {
  const client = await loadClientApi();
  if (!client.isObjectKind(kind)) return undefined;
  const def = client.OBJECT_KINDS[kind];
  if (def.lookup !== 'list') return undefined;
  let api: Api | undefined;
  let timer: NodeJS.Timeout | undefined;
  const work = (async () => {
    // Only the stored session, never a password (an expired session gives no candidates, not a new login);
    // quiet, as a warning would land in the middle of the user's command line.
    api = await openApi({ ...settings, password: undefined }, { anonymous: false, stderr: new Writable({ write: (_chunk, _enc, done) => done() }) });
    const caller = callerOf(api);
    // Past 4,000 VMs a plain list is refused: the client's listAll pages, and stops at MAX_OBJECTS.
    const rows: Record<string, unknown>[] =
      def.route.id === PAGED_LIST_OPERATION
        ? await client.listAll(caller, {}, { limit: MAX_OBJECTS })
        : ((await caller.call<Record<string, unknown>[]>(def.route, {})) ?? []);
    return rows.slice(0, MAX_OBJECTS).map((r) => ({ id: String(r[def.idField!]), ...(typeof r.name === 'string' ? { name: r.name } : {}) }));
  })();
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), COMPLETION_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work.catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
    // keep the stored session: completion never logs out
    void api?.close(true).catch(() => undefined);
  }
}

/** Identifiers and names of `kind` that start with `prefix`, from the cache or the server. */
export async function objectCandidates(kind: string, prefix: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  let settings: Settings;
  try {
    settings = resolveSettings(new Map(), env);
  } catch {
    return [];
  }
  if (!settings.sessionId || !settings.baseUrl) return [];
  const key = createHash('sha256')
    .update(`${settings.baseUrl}\0${settings.profile?.username ?? ''}\0${kind}`)
    .digest('hex')
    .slice(0, 24);
  const file = join(cacheDir(env), `${key}.json`);
  const now = Date.now();
  let objects = readCache(file, now)?.objects;
  if (!objects) {
    objects = await fetchObjects(kind, settings).catch(() => undefined);
    if (!objects) return [];
    writeCache(file, { at: now, objects });
  }
  const out = new Set<string>();
  for (const o of objects) {
    if (o.id.startsWith(prefix)) out.add(o.id);
    if (o.name?.startsWith(prefix)) out.add(o.name);
  }
  return [...out];
}
