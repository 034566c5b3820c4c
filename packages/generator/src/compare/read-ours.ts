import type { Bundle } from '../bundle/bundle.js';
import { parsePointer } from '../load/spec-problem.js';
import type { Location, NormalSpec } from './model.js';
import { normalize } from './normalize.js';
import { openApiReader } from './read-openapi.js';

/**
 * Our side: the bundled document the generator builds from specs/. A pointer into the
 * bundle is placed back in the file that wrote it (path items and components keep their
 * pointers when bundled), so the report names `specs/vcenter/vm.yaml#/paths/…`.
 */
export function readOurs(bundle: Bundle): NormalSpec {
  const locate = (pointer: string): Location | undefined => {
    const [top, a, b] = parsePointer(pointer);
    const file =
      top === 'paths' && a !== undefined
        ? bundle.origins.paths.get(a)
        : top === 'components' && a && b
          ? bundle.origins.components.get(`${a}/${b}`)
          : undefined;
    return file === undefined ? undefined : { file: `specs/${file}`, pointer };
  };
  return normalize(openApiReader({ label: 'specs/', doc: bundle.document, prefix: '', locate }));
}
