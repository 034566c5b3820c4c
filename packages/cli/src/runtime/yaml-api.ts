/** YAML for `--spec @file.yaml` and `-o yaml`; loaded on demand through `lazy.ts`. */
export { parse, stringify } from 'yaml';
