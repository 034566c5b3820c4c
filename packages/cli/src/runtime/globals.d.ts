/** Replaced by esbuild's `define` with the package version. */
declare const __VSPHERE_VERSION__: string;
