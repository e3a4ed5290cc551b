/** Nest injection token for the validated `ApiConfig`. */
export const API_CONFIG = Symbol('ApiConfig');
