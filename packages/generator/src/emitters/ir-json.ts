import { stableJson } from '../bundle/bundle.js';
import { generatedHeader } from '../emit/header.js';
import { defineEmitter, files } from '../emit/plugin.js';

const COMMENT = generatedHeader('specs/').slice(3).trim();

/** Pretty, key-sorted JSON, so that the committed IR diffs line by line. */
function reviewable(value: Record<string, unknown>): string {
  return JSON.stringify(JSON.parse(stableJson({ $comment: COMMENT, ...value })), null, 2) + '\n';
}

/** ir/*.json: the IR itself, committed so that a spec change is a reviewable diff. */
export const irJson = defineEmitter({
  name: 'ir-json',
  reads: ['operations', 'schemas', 'families', 'errorTypes'],
  owns: ['ir'],
  emit: (ir) =>
    files(
      ['ir/operations.json', reviewable({ operations: ir.operations })],
      ['ir/schemas.json', reviewable({ schemas: ir.schemas })],
      ['ir/families.json', reviewable({ families: ir.families })],
      ['ir/error-types.json', reviewable({ errorTypes: ir.errorTypes })],
    ),
});
