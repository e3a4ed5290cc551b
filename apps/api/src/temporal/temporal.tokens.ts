/** Nest injection tokens for the Temporal client side (`@temporalio/client`). */
export const TEMPORAL_CONNECTION = Symbol('TemporalConnection');
export const TEMPORAL_CLIENT = Symbol('TemporalClient');
