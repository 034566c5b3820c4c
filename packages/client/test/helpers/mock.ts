/**
 * Starts the mock vCenter of @vsphere-kit/mock-server. Uses the built package
 * when it is there (CI builds before testing) and its sources otherwise.
 */
type MockModule = typeof import('@vsphere-kit/mock-server');

let mod: Promise<MockModule> | undefined;

export function mockModule(): Promise<MockModule> {
  mod ??= import('@vsphere-kit/mock-server').catch(
    () => import('../../../mock-server/src/index.js' as string) as Promise<MockModule>,
  );
  return mod;
}

export type MockServer = Awaited<ReturnType<MockModule['startMockServer']>>;
export type MockOptions = Parameters<MockModule['startMockServer']>[0];

export async function startMock(options: MockOptions = {}): Promise<MockServer> {
  const { startMockServer } = await mockModule();
  return startMockServer({ port: 0, host: '127.0.0.1', ...options });
}

export const ADMIN = { username: 'administrator@vsphere.local', password: 'VMware1!' } as const;
