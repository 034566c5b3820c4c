/**
 * The few routes the hand-written runtime calls itself (login, logout, tasks,
 * the listAll inventory calls, the token exchange), taken from the generated
 * route table so that specs/ stays their one source. Only data is imported:
 * the generated service modules import nothing from the runtime at load time.
 */
export { SESSION_CREATE, SESSION_DELETE } from '../generated/services/session.gen.js';
export { REST_CIS_SESSION_DELETE } from '../generated/services/rest/cis/session.gen.js';
export { CIS_TASKS_CANCEL, CIS_TASKS_GET } from '../generated/services/cis/tasks.gen.js';
export { VCENTER_VM_LIST } from '../generated/services/vcenter/vm.gen.js';
export { VCENTER_FOLDER_LIST } from '../generated/services/vcenter/folder.gen.js';
export { VCENTER_HOST_LIST } from '../generated/services/vcenter/host.gen.js';
export { VCENTER_CLUSTER_LIST } from '../generated/services/vcenter/cluster.gen.js';
export { VCENTER_AUTHENTICATION_TOKEN_CREATE as AUTHENTICATION_TOKEN_EXCHANGE } from '../generated/services/vcenter/authentication/token.gen.js';
