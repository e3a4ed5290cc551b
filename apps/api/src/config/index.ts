// The API's section of the one configuration (libs/config), and how Nest injects it.
export * from '@gongkai/config';
export { ConfigError } from '@gongkai/config';
export { API_CONFIG } from './api-config.token';
