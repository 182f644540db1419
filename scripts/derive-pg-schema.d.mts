/** Types for scripts/derive-pg-schema.mjs. */
export declare const SOURCE_PATH: string;
export declare const DERIVED_PATH: string;
export declare function derivePgSchema(source: string): string;
