// Types for services-paths.mjs.
export declare function redisServer(): string | undefined;
export declare function postgresBinDir(): string | undefined;
