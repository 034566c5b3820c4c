import { describe, expect, it } from 'vitest';
import { defineEmitter, files, type Emitter } from '../src/emit/plugin.js';
import { EMITTERS } from '../src/emitters/index.js';
import { analyzeSpecs, checkOwnership, generate } from '../src/pipeline.js';
import { fixtureSpecs } from './helpers.js';

const analysis = analyzeSpecs(fixtureSpecs('resource-families'));
const stub = (name: string, owns: string[], written: [string, string][] = []): Emitter =>
  defineEmitter({ name, reads: ['operations'], owns, emit: () => files(...written) });

describe('emitter plugins', () => {
  it('the registered emitters own disjoint paths, and each generated file lies in what its emitter owns', async () => {
    expect(() => checkOwnership(EMITTERS)).not.toThrow();
    const output = await generate(analysis);
    for (const path of output.files.keys()) {
      const owners = EMITTERS.filter((e) => e.owns.some((o) => path === o || path.startsWith(`${o}/`)));
      expect(
        owners.map((e) => e.name),
        path,
      ).toHaveLength(1);
    }
  });

  it('rejects two emitters that own the same folder, or one inside the other', () => {
    expect(() => checkOwnership([stub('a', ['docs/api']), stub('b', ['docs/api'])])).toThrow("emitters 'a' and 'b' both own 'docs/api'");
    expect(() => checkOwnership([stub('a', ['packages/cli/src/generated']), stub('b', ['packages/cli/src/generated/x.gen.ts'])])).toThrow(
      "emitters 'a' and 'b' both own 'packages/cli/src/generated/x.gen.ts'",
    );
    expect(() => checkOwnership([stub('a', ['packages/cli/src/generated/a.gen.ts']), stub('b', ['packages/cli/src/generated/b.gen.ts'])])).not.toThrow();
  });

  it('rejects an owned path outside the generated folders, and a duplicate name', () => {
    expect(() => checkOwnership([stub('a', ['packages/cli/src/runtime'])])).toThrow(
      "emitter 'a' owns 'packages/cli/src/runtime', which is not inside a generated folder",
    );
    expect(() => checkOwnership([stub('a', ['ir/']), stub('b', [])])).toThrow('without a trailing slash');
    expect(() => checkOwnership([stub('a', ['ir']), stub('a', ['docs/api'])])).toThrow("two emitters are named 'a'");
  });

  it('stops an emitter that writes outside what it owns, or fills a section it does not declare', async () => {
    const stray = stub('stray', ['packages/cli/src/generated/mine.gen.ts'], [['packages/cli/src/generated/other.gen.ts', 'x']]);
    await expect(generate(analysis, [stray])).rejects.toThrow(
      "emitter 'stray' wrote packages/cli/src/generated/other.gen.ts, outside what it owns (packages/cli/src/generated/mine.gen.ts)",
    );
    const section = defineEmitter({
      name: 'section',
      reads: [],
      owns: [],
      emit: () => ({ files: new Map(), sections: new Map([['packages/cli/README.md', 'x']]) }),
    });
    await expect(generate(analysis, [section])).rejects.toThrow("emitter 'section' filled the section of packages/cli/README.md, which it does not declare");
  });

  it('hands an emitter only the IR members it reads', async () => {
    let seen: string[] = [];
    const probe = defineEmitter({
      name: 'probe',
      reads: ['families', 'errorTypes'],
      owns: ['docs/api/probe.md'],
      emit(ir) {
        seen = Object.keys(ir).sort();
        return files(['docs/api/probe.md', `${Object.keys(ir.families).length} families\n`]);
      },
    });
    const output = await generate(analysis, [probe]);
    expect(seen).toEqual(['errorTypes', 'families']);
    expect(output.files.get('docs/api/probe.md')).toBe('5 families\n');
  });

  it('a new emitter is one definition and one entry in the list', async () => {
    const familyIndex = defineEmitter({
      name: 'family-index',
      reads: ['families'],
      owns: ['packages/client/src/generated/families.gen.md'],
      emit: (ir) => files(['packages/client/src/generated/families.gen.md', Object.keys(ir.families).join('\n')]),
    });
    const output = await generate(analysis, [...EMITTERS, familyIndex]);
    expect(output.files.get('packages/client/src/generated/families.gen.md')).toContain('/api/demo/shelf/{shelf}/book');
    // Its output lands where it claims: inside docs/api, which the docs emitter owns whole, it would be refused.
    expect(() => checkOwnership([...EMITTERS, { ...familyIndex, owns: ['docs/api/families.md'] }])).toThrow(
      "emitters 'docs' and 'family-index' both own 'docs/api/families.md'",
    );
  });
});
