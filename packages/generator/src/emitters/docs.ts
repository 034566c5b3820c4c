import { emitDocs, emitPackageSection, type PackageReadme } from '../emit/docs.js';
import { defineEmitter } from '../emit/plugin.js';

const READMES: readonly PackageReadme[] = ['client', 'mock-server', 'cli'];

/** docs/api/ and the generated section of each package README. */
export const docs = defineEmitter({
  name: 'docs',
  reads: ['operations', 'schemas', 'document', 'errorTypes'],
  owns: ['docs/api'],
  sections: READMES.map((pkg) => `packages/${pkg}/README.md`),
  emit: (ir) => ({
    files: emitDocs(ir),
    sections: new Map(READMES.map((pkg) => [`packages/${pkg}/README.md`, emitPackageSection(pkg, ir.operations)])),
  }),
});
