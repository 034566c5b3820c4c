import { VsphereClient } from '@vsphere-kit/client';
import { spawnMock, USER, PASSWORD } from './lib.mjs';
const mock = await spawnMock();
const client = new VsphereClient({ baseUrl: mock.url, username: USER, password: PASSWORD });
for (let i = 0; i < 6000; i++) await client.vcenter.vm.list();
await mock.close(); process.exit(0);
