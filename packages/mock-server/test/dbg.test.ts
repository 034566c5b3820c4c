import { it } from 'vitest';
import { loadGenerated } from '../src/index.js';
import { exampleRequest } from './helpers/examples.js';
import { call, login, start } from './helpers/server.js';
it('dbg', async () => {
  const { spec, routes } = await loadGenerated();
  const logs: string[] = [];
  const s = await start({ log: (l) => logs.push(l) });
  const sid = await login(s);
  for (const id of ['appliance.task.get', 'appliance.update.get', 'vcenter.ovf.libraryItem.create', 'content.library.item.downloadSession.create', 'rest.appliance.logging.forwarding.test']) {
    const r = routes.find((x) => x.id === id)!;
    const req = exampleRequest(spec, r);
    await call(s, r.method, req.path, { session: sid, ...(req.body !== undefined ? { body: req.body } : {}) });
    console.log(id, logs.pop()?.slice(0, 600));
  }
  await s.close();
}, 60000);
