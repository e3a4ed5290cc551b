export * from './api-config';
export * from './cli-config';
export * from './config-error';
export * from './engine-config';
export * from './env-reader';
export * from './launcher-config';
export * from './process-env';
export * from './worker-config';
