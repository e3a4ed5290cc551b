// Not re-exported from libs/domain/src/index.ts: sanitize-html brings postcss
// and an ESM-only parser, which workflow bundles must not pull in. Import
// this folder directly (API, catalogue).
export * from './notice-html';
export * from './notice-html-policy';
export * from './notice-html-removal';
