import { Connection, type ConnectionOptions } from '@temporalio/client';
import type { ApiConfig } from '../config';

/**
 * A lazy connection: the API starts and serves /healthz while Temporal is
 * still down, and gRPC reconnects on its own once it is up. The reconnect
 * back-off is capped at 5 s so /readyz turns ready soon after Temporal does.
 */
export function createTemporalConnection(config: ApiConfig, overrides: Partial<ConnectionOptions> = {}): Connection {
  return Connection.lazy({
    address: config.temporal.address,
    ...config.temporal.connection,
    channelArgs: { 'grpc.max_reconnect_backoff_ms': 5_000 },
    ...overrides,
  });
}
