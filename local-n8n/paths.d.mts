// Types for paths.mjs (plain JS so install.mjs runs without tsx).
export type N8nLine = '1' | '2';
export declare const NODE24_VERSION: string;
export declare const N8N_LINES: Record<
	N8nLine,
	{ version: string; overrides?: Record<string, string> }
>;
export declare const N8N_VERSION: string;
export declare function defaultLine(): N8nLine;
export declare function cacheRoot(): string;
export interface N8nPaths {
	root: string;
	line: N8nLine;
	version: string;
	nodeDir: string;
	nodeHome: string;
	nodeBinDir: string;
	nodeBinary: string;
	n8nDir: string;
	n8nBin: string;
	readyMarker: string;
}
export declare function n8nPaths(line?: N8nLine): N8nPaths;
export declare const VERDACCIO_VERSION: string;
export declare function verdaccioPaths(): { dir: string; bin: string; readyMarker: string };
