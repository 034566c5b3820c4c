/**
 * vAPI identifiers of the operations the mock serves, from their operationIds
 * (`<namespace>.<method>`, specs/README.md): the service `com.vmware.<namespace in snake_case>`,
 * the operation `<method in snake_case>`, the package (the service's parent) and the component
 * (`com.vmware.<top-level namespace>`). Tasks and the vapi metadata both name operations so.
 */

/** `namespaceManagement` → `namespace_management`. */
export const snakeCase = (word: string): string => word.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export interface VapiName {
  /** `com.vmware.vcenter.vm.power` */
  readonly service: string;
  /** `start`, `list_attached_tags` */
  readonly operation: string;
  /** `com.vmware.vcenter.vm` */
  readonly package: string;
  /** `com.vmware.vcenter` */
  readonly component: string;
}

/** The vAPI names of the /api operation `operationId` (`vcenter.vm.power.start`). */
export function vapiName(operationId: string): VapiName {
  const segments = operationId.split('.').map(snakeCase);
  const operation = segments.pop()!;
  const service = `com.vmware.${segments.join('.')}`;
  return {
    service,
    operation,
    package: segments.length > 1 ? `com.vmware.${segments.slice(0, -1).join('.')}` : 'com.vmware',
    component: `com.vmware.${segments[0]}`,
  };
}
