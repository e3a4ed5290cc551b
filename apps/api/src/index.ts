/** What the launcher and tests use from the API: build the config, build the app. */
export { createApiApp, type ApiAppDependencies } from './api-app';
export { ConfigError, loadApiConfig, type ApiConfig } from './config';
export { API_CONFIG } from './config';
export { TEMPORAL_CLIENT, TEMPORAL_CONNECTION } from './temporal/temporal.tokens';
export { loadOrCreateAuthSecret } from './auth/auth-secret';
export { demoTokens, type DemoToken } from './auth/demo-tokens';
export { signToken, type TokenUser } from './auth/tokens';
