// Appliance health: the subsystem colors, the overall color (worst wins), their messages and
// the database check that follows its storage. Every answer is checked against the spec.
import { describe, expect, it } from 'vitest';
import { section } from '../src/families/appliance/config.js';
import type { HealthItem, HealthLevel } from '../src/families/appliance/types.js';
import { useMockServer } from './helpers/server.js';

const mock = useMockServer();
const { api } = mock;

function setLevels(levels: Partial<Record<HealthItem, HealthLevel>>): void {
  const health = section(mock.server.state, 'health');
  mock.server.state.rules.appliance.health = { ...health, levels: { ...health.levels, ...levels } };
}

describe('appliance health', () => {
  it('is green everywhere on a fresh appliance, with no messages', async () => {
    for (const item of ['system', 'load', 'mem', 'swap', 'storage', 'database-storage', 'software-packages', 'applmgmt']) {
      expect((await api('GET', `/api/appliance/health/${item}`)).body).toBe('green');
    }
    expect((await api('GET', '/api/appliance/health/system/messages')).body).toEqual([]);
    expect((await api('GET', '/api/appliance/health/database')).body).toEqual({ status: 'HEALTHY', messages: [] });
  });

  it('sums up the subsystems with the worst color', async () => {
    setLevels({ swap: 'yellow', storage: 'gray' });
    expect((await api('GET', '/api/appliance/health/system')).body).toBe('yellow');
    setLevels({ mem: 'red' });
    expect((await api('GET', '/api/appliance/health/system')).body).toBe('red');
    setLevels({ swap: 'green', mem: 'green' });
    expect((await api('GET', '/api/appliance/health/system')).body).toBe('gray');
  });

  it('explains each color that is not green, and system lists them all', async () => {
    setLevels({ swap: 'orange', 'software-packages': 'yellow' });
    const swap = (await api('GET', '/api/appliance/health/swap/messages')).body;
    expect(swap).toHaveLength(1);
    expect(swap[0].message.args).toEqual(['swap', 'orange']);
    expect((await api('GET', '/api/appliance/health/load/messages')).body).toEqual([]);
    expect((await api('GET', '/api/appliance/health/system/messages')).body).toHaveLength(2);
  });

  it('answers NOT_FOUND naming an unknown health item', async () => {
    const r = await api('GET', '/api/appliance/health/nope/messages');
    expect([r.status, r.body.error_type]).toEqual([404, 'NOT_FOUND']);
    expect(r.body.messages[0].args).toEqual(['nope']);
  });

  it('degrades the database check with its storage', async () => {
    setLevels({ 'database-storage': 'orange' });
    expect((await api('GET', '/api/appliance/health/database')).body).toMatchObject({ status: 'DEGRADED', messages: [{ severity: 'WARNING' }] });
    setLevels({ 'database-storage': 'red' });
    expect((await api('GET', '/api/appliance/health/database')).body.status).toBe('UNHEALTHY');
  });

  it('reads back the health check settings', async () => {
    expect((await api('PATCH', '/api/appliance/health/settings', { db_health_check_state_manual_backup: false })).status).toBe(204);
    expect((await api('GET', '/api/appliance/health/settings')).body).toEqual({
      db_health_check_state_manual_backup: false,
      db_health_check_state_scheduled_backup: true,
    });
  });

  it('reports when the last check ran, no later than now', async () => {
    const last = (await api('GET', '/api/appliance/health/system/lastcheck')).body;
    expect(Date.parse(last)).toBeLessThanOrEqual(Date.now());
  });
});
