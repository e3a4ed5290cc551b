/**
 * Where an installation keeps the embedded engine's API key: beside its other
 * secrets in GONGKAI_HOME, owner-only (0600). The launcher gives it to the
 * engine, the worker and the API client; the standalone engine reads it too.
 */
export const ENGINE_API_KEY_FILE = 'engine-api-key';
