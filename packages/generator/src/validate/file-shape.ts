import type { SpecFile } from '../load/load-specs.js';
import type { SpecProblem } from '../load/spec-problem.js';

/** Each file is a complete OpenAPI 3.1 document. Deeper structure is redocly lint's job. */
export function checkFileShape(file: SpecFile, problems: SpecProblem[]): void {
  const report = (pointer: string, message: string): void => {
    problems.push({ file: file.name, pointer, line: file.lineOf(pointer), message });
  };
  const { doc } = file;
  if (typeof doc.openapi !== 'string' || !/^3\.1\.\d+$/.test(doc.openapi)) {
    report('#/openapi', `openapi must be 3.1.x, found ${JSON.stringify(doc.openapi)}`);
  }
  const info = doc.info as Record<string, unknown> | undefined;
  if (!info || typeof info.title !== 'string' || typeof info.version !== 'string') {
    report('#/info', 'info needs a title and a version');
  }
  if (doc.paths === undefined || typeof doc.paths !== 'object' || Array.isArray(doc.paths)) {
    report('#/paths', 'paths must be a mapping (use {} for a components-only file)');
  }
  if (doc.swagger !== undefined) report('#/swagger', 'Swagger 2.0 documents are not accepted; write OpenAPI 3.1');
}
