/**
 * Byte units. Every size in the project is in bytes; replies show GiB (2^30). These are plain
 * numbers, shared by the estimator (constants written as `500 * MiB`) and the renderers.
 * Formatting lives in `./text.ts`, which the estimator never imports.
 */
export const KiB = 1024;
export const MiB = 1024 ** 2;
export const GiB = 1024 ** 3;
