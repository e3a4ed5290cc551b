// The API's section of the one configuration (libs/config), and how Nest injects it.
export * from '../../../../libs/config/src/api-config';
export { ConfigError } from '../../../../libs/config/src/config-error';
export { API_CONFIG } from './api-config.token';
