export * from './api-config';
export * from './config-error';
export { API_CONFIG } from './api-config.token';
