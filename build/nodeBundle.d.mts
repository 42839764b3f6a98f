import type { BuildOptions } from 'esbuild';

/** esbuild's settings for GridDesk's Node-side bundles (build/nodeBundle.mjs). */
export declare const nodeBundle: BuildOptions;
