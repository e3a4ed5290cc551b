/** Types of scripts/swc-options.js (plain JavaScript: jest.config.js and the require hook load it before any compiler). */
export declare const ROOT: string;
export declare const LIBS: readonly string[];
/** `@gongkai/<lib>` → absolute path of libs/<lib>/src. */
export declare const LIB_ALIASES: Readonly<Record<string, string>>;
/** .swcrc with the aliases as `jsc.paths`. */
export declare function swcOptions(): Record<string, unknown> & { jsc: Record<string, unknown> };
