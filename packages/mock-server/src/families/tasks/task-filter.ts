/**
 * The filter of the task list (cis Tasks.FilterSpec): a task matches when, for every field the
 * filter sets to a non-empty list, the task's value is in it. vCenter's limits: an operation
 * means nothing without its service, and a list holds at most 1000 tasks.
 */
import type { CisTaskStatus, CisTasksFilterSpec } from '@vsphere-kit/core/api-types';
import { invalidArgument, VapiError } from '../../server/errors.js';
import { displayUser } from '../session/session.js';
import type { TaskRecord } from '../../state/types.js';

export type TaskFilterSpec = CisTasksFilterSpec;

/** The most tasks one list call answers; more matches are refused. */
export const MAX_LISTED_TASKS = 1000;

const given = <T>(list: readonly T[] | undefined): list is readonly T[] => list !== undefined && list.length > 0;

/** Checks the filter as vCenter does before any task is read. */
export function checkTaskFilter(filter: TaskFilterSpec): void {
  if (given(filter.operations) && !given(filter.services)) {
    throw invalidArgument(
      'A task filter on operations must name their services too: an operation identifier is unique only within its service.',
      ['filter_spec.operations'],
      'com.vmware.api.cis.tasks.operations_without_services',
    );
  }
}

/** Whether the record matches every field of the filter except the status (which needs the task's live state). */
export function matchesTask(filter: TaskFilterSpec, rec: TaskRecord): boolean {
  if (given(filter.tasks) && !filter.tasks.includes(rec.id)) return false;
  if (given(filter.services) && !filter.services.includes(rec.service)) return false;
  if (given(filter.operations) && !filter.operations.includes(rec.operation)) return false;
  if (given(filter.targets) && !(rec.target && filter.targets.some((t) => t.type === rec.target!.type && t.id === rec.target!.id))) return false;
  // A user is named as the task shows it (DOMAIN\name) or as logged in (name@domain).
  if (given(filter.users) && !filter.users.some((u) => u === rec.user || u === displayUser(rec.user))) return false;
  return true;
}

export function matchesStatus(filter: TaskFilterSpec, status: unknown): boolean {
  return !given(filter.status) || filter.status.includes(status as CisTaskStatus);
}

/** vCenter answers RESOURCE_INACCESSIBLE rather than a truncated list. */
export function tooManyTasks(count: number): VapiError {
  return new VapiError(
    'RESOURCE_INACCESSIBLE',
    `${count} tasks match the filter, more than the ${MAX_LISTED_TASKS} one call lists; narrow the filter.`,
    [String(count), String(MAX_LISTED_TASKS)],
    'com.vmware.api.cis.tasks.too_many',
  );
}
