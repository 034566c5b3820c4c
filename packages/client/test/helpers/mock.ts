/**
 * Starts the mock vCenter of @vsphere-kit/mock-server. Uses the built package
 * when it is there (CI builds before testing) and its sources otherwise.
 * The interface below is the part of the mock's API these tests use.
 */
export interface MockFaults {
  add(spec: { operation?: string; errorType?: string; status?: number; onTask?: boolean; times?: number; latencyMs?: number }): string;
  error(errorType: string, operation?: string, extra?: { times?: number }): string;
  clear(): void;
  list(): { id: string; hits: number }[];
  expireSessions(sessionId?: string): number;
}

export interface MockServer {
  readonly url: string;
  readonly thumbprint?: string;
  readonly certificate?: string;
  readonly faults: MockFaults;
  readonly core: { readonly sessions: { readonly size: number; use(id: string): unknown } };
  reset(): void;
  close(): Promise<void>;
}

export interface MockOptions {
  port?: number;
  host?: string;
  users?: Record<string, string>;
  sessionIdleMs?: number;
  taskMs?: number;
  vmCount?: number;
  tls?: boolean | { cert: string; key: string };
  /** A partial seed laid over the default inventory. */
  seed?: unknown;
}

interface MockModule {
  startMockServer(options?: MockOptions): Promise<MockServer>;
}

let mod: Promise<MockModule> | undefined;

export function mockModule(): Promise<MockModule> {
  const pkg = '@vsphere-kit/mock-server';
  const src = '../../../mock-server/src/index.js';
  mod ??= (import(/* @vite-ignore */ pkg) as Promise<MockModule>).catch(() => import(/* @vite-ignore */ src) as Promise<MockModule>);
  return mod;
}

export async function startMock(options: MockOptions = {}): Promise<MockServer> {
  const { startMockServer } = await mockModule();
  return startMockServer({ port: 0, host: '127.0.0.1', ...options });
}

export const ADMIN = { username: 'administrator@vsphere.local', password: 'VMware1!' } as const;
