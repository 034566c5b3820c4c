import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { NormalSpec } from './model.js';
import { normalize } from './normalize.js';
import { openApiReader, serverPrefix } from './read-openapi.js';
import { Swagger2Error } from '../vmware/swagger2.js';
import { swagger2Reader } from './read-swagger2.js';

/** VMware's file cannot be compared: unreadable, not JSON/YAML, or not a Swagger 2.0 / OpenAPI 3.x document. */
export class CompareInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CompareInputError';
  }
}

/** Reads one of VMware's spec files: a Swagger 2.0 file of 7.x/8.x, or the OpenAPI 3.0 file of vSphere 9. */
export function readVmwareFile(file: string): NormalSpec {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : String(code ?? err);
    throw new CompareInputError(`${file}: cannot read it (${why})`);
  }
  let doc: unknown;
  try {
    doc = /^\s*[{[]/.test(text) ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100 });
  } catch (err) {
    throw new CompareInputError(`${file}: not JSON or YAML (${(err instanceof Error ? err.message : String(err)).split('\n')[0]})`);
  }
  const label = basename(file);
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new CompareInputError(`${file}: not a spec (the file must hold a Swagger 2.0 or OpenAPI 3.x document, an object)`);
  }
  const spec = doc as Record<string, unknown>;
  const paths = spec.paths;
  const hasPaths = paths !== null && typeof paths === 'object' && !Array.isArray(paths);
  if (spec.swagger === '2.0') {
    try {
      return normalize(swagger2Reader(label, spec));
    } catch (err) {
      if (err instanceof Swagger2Error) throw new CompareInputError(`${file}: ${err.pointer}: ${err.problem}`);
      throw err;
    }
  }
  if (typeof spec.openapi === 'string' && /^3\.\d+/.test(spec.openapi)) {
    if (!hasPaths) throw new CompareInputError(`${file}: an OpenAPI ${spec.openapi} document without a 'paths' object`);
    const at = (pointer: string) => ({ file: label, pointer });
    return normalize(openApiReader({ label, doc: spec, prefix: serverPrefix(spec), locate: at }));
  }
  throw new CompareInputError(`${file}: not a spec (no "swagger": "2.0" or "openapi": "3.x" at its top)`);
}
