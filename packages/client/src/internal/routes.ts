/**
 * The few routes the hand-written runtime calls itself (login, logout, tasks,
 * the listAll inventory calls, the token exchange). Written by hand so that the
 * runtime does not depend on generated code; they match specs/.
 */
import type { QueryParamDef, RouteDef } from '../core/route.js';

const arrayParam = (name: string): QueryParamDef => ({ name, required: false, array: true, type: 'string' });

export const SESSION_CREATE: RouteDef = {
  id: 'session.create',
  method: 'POST',
  path: '/api/session',
  pathParams: [],
  queryParams: [],
  successStatus: 201,
  responseBody: true,
  rest: false,
  auth: 'login',
};

export const SESSION_DELETE: RouteDef = {
  id: 'session.delete',
  method: 'DELETE',
  path: '/api/session',
  pathParams: [],
  queryParams: [],
  successStatus: 204,
  responseBody: false,
  rest: false,
  auth: 'session',
};

export const CIS_TASKS_GET: RouteDef = {
  id: 'cis.tasks.get',
  method: 'GET',
  path: '/api/cis/tasks/{task}',
  pathParams: ['task'],
  queryParams: [
    { name: 'return_all', required: false, array: false, type: 'boolean' },
    { name: 'exclude_result', required: false, array: false, type: 'boolean' },
  ],
  successStatus: 200,
  responseBody: true,
  rest: false,
  auth: 'session',
};

export const CIS_TASKS_CANCEL: RouteDef = {
  id: 'cis.tasks.cancel',
  method: 'POST',
  path: '/api/cis/tasks/{task}',
  action: 'cancel',
  actionKey: 'action',
  pathParams: ['task'],
  queryParams: [],
  successStatus: 204,
  responseBody: false,
  rest: false,
  auth: 'session',
};

export const VCENTER_VM_LIST: RouteDef = {
  id: 'vcenter.vm.list',
  method: 'GET',
  path: '/api/vcenter/vm',
  pathParams: [],
  queryParams: ['vms', 'names', 'folders', 'datacenters', 'hosts', 'clusters', 'resource_pools', 'power_states'].map(arrayParam),
  successStatus: 200,
  responseBody: true,
  rest: false,
  auth: 'session',
};

export const VCENTER_FOLDER_LIST: RouteDef = {
  id: 'vcenter.folder.list',
  method: 'GET',
  path: '/api/vcenter/folder',
  pathParams: [],
  queryParams: [
    ...['folders', 'names'].map(arrayParam),
    { name: 'type', required: false, array: false, type: 'string' },
    ...['parent_folders', 'datacenters'].map(arrayParam),
  ],
  successStatus: 200,
  responseBody: true,
  rest: false,
  auth: 'session',
};

export const VCENTER_HOST_LIST: RouteDef = {
  id: 'vcenter.host.list',
  method: 'GET',
  path: '/api/vcenter/host',
  pathParams: [],
  queryParams: [
    ...['hosts', 'names', 'folders', 'datacenters'].map(arrayParam),
    { name: 'standalone', required: false, array: false, type: 'boolean' },
    ...['clusters', 'connection_states'].map(arrayParam),
  ],
  successStatus: 200,
  responseBody: true,
  rest: false,
  auth: 'session',
};

export const VCENTER_CLUSTER_LIST: RouteDef = {
  id: 'vcenter.cluster.list',
  method: 'GET',
  path: '/api/vcenter/cluster',
  pathParams: [],
  queryParams: ['clusters', 'names', 'folders', 'datacenters'].map(arrayParam),
  successStatus: 200,
  responseBody: true,
  rest: false,
  auth: 'session',
};

export const AUTHENTICATION_TOKEN_EXCHANGE: RouteDef = {
  id: 'vcenter.authentication.token.create',
  method: 'POST',
  path: '/api/vcenter/authentication/token',
  pathParams: [],
  queryParams: [],
  body: { required: true, contentType: 'application/x-www-form-urlencoded' },
  successStatus: 201,
  responseBody: true,
  rest: false,
  auth: 'none',
};
