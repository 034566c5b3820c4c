/** Replaced by esbuild's `define` with the package version. */
declare const __VSPHERE_VERSION__: string;
/** Replaced by esbuild's `define` in the launcher with the content hash of dist/vsphere-main.cjs. */
declare const __VSPHERE_MAIN_HASH__: string;
