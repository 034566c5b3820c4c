// Expired sessions and finished tasks are pruned on a timer, so a long run (and its --state file)
// does not grow with them. A short soak: batches of logins and task calls, with short idle,
// task and retention times; after each batch the counts come back down to at most one batch.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { journalFileOf } from '../src/state/journal.js';
import type { StateData } from '../src/state/types.js';
import { call, login, start } from './helpers/server.js';

/** Polls `check` (no time assertion: a bounded number of tries). */
async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check(), what).toBe(true);
}

describe('pruning', () => {
  it('keeps session and task counts flat over a soak, and the state file with them', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vmock-prune-')), 'state.json');
    const mock = await start({ stateFile: file, prism: false, sessionIdleMs: 1000, taskMs: 5, taskRetentionMs: 50, pruneIntervalMs: 20 });
    const batches = 5;
    const perBatch = 15;
    const peaks: { sessions: number; tasks: number }[] = [];
    let requests = 0;
    try {
      for (let b = 0; b < batches; b++) {
        const sids = await Promise.all(Array.from({ length: perBatch }, () => login(mock)));
        const tasks = await Promise.all(
          sids.map((sid, i) =>
            call(mock, 'POST', `/api/vcenter/vm/vm-107${2 + (i % 2)}?action=relocate&vmw-task=true`, {
              session: sid,
              body: { placement: { host: i % 2 ? 'host-1062' : 'host-1063' } },
            }),
          ),
        );
        requests += 2 * perBatch;
        expect(tasks.map((t) => t.status)).toEqual(tasks.map(() => 202));
        peaks.push({ sessions: mock.core.sessions.size, tasks: mock.state.tasks.size });
        // Nobody uses these sessions again; the tasks finish: both go once they are old enough.
        await eventually(
          () => mock.core.sessions.size === 0 && mock.state.tasks.size === 0,
          `batch ${b}: sessions ${mock.core.sessions.size}, tasks ${mock.state.tasks.size}`,
        );
      }
      // Flat: no batch starts from what earlier batches left (without pruning the last one would hold them all).
      for (const p of peaks) {
        expect(p.sessions).toBe(perBatch);
        expect(p.tasks).toBeLessThanOrEqual(perBatch);
      }
      console.log(
        `pruning soak: ${requests} requests in ${batches} batches, peak ${Math.max(...peaks.map((p) => p.sessions))} sessions / ${Math.max(...peaks.map((p) => p.tasks))} tasks, 0 left`,
      );
      // A pruned task answers 404 like an unknown one, and the health endpoint shows the counts.
      const sid = await login(mock);
      expect((await call(mock, 'GET', '/__mock/health')).body).toMatchObject({ sessions: 1, tasks: 0 });
      expect((await call(mock, 'GET', '/api/cis/tasks/nope', { session: sid })).status).toBe(404);
      // The journal recorded the deletions: a start from the files (as after a kill -9) has no tasks.
      const again = await start({ stateFile: file, prism: false });
      expect(again.state.tasks.size).toBe(0);
      await again.close();
    } finally {
      await mock.close();
    }
    const saved = JSON.parse(readFileSync(file, 'utf8')) as StateData;
    expect(saved.tasks).toEqual([]);
    expect(readFileSync(journalFileOf(file), 'utf8')).toBe('');
  });

  it('keeps unfinished tasks and live sessions, and prunes nothing with pruneIntervalMs: 0', async () => {
    const mock = await start({ prism: false, sessionIdleMs: 0, taskMs: 60_000, taskRetentionMs: 0, pruneIntervalMs: 5 });
    try {
      const sid = await login(mock);
      const t = await call(mock, 'POST', '/api/vcenter/vm/vm-1072?action=relocate&vmw-task=true', { session: sid, body: { placement: { host: 'host-1063' } } });
      expect(t.status).toBe(202);
      expect(mock.core.prune(Date.now() + 3_600_000)).toEqual({ sessions: 0, tasks: 0 });
      expect(mock.state.tasks.has(t.body)).toBe(true);
      expect((await call(mock, 'GET', '/api/session', { session: sid })).status).toBe(200);
    } finally {
      await mock.close();
    }
    const off = await start({ prism: false, sessionIdleMs: 1, pruneIntervalMs: 0 });
    try {
      await login(off);
      await new Promise((r) => setTimeout(r, 30));
      expect(off.core.sessions.size).toBe(1); // expired, but only a timer or its next use removes it
    } finally {
      await off.close();
    }
  });
});
