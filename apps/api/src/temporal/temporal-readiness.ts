import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Connection } from '@temporalio/client';
import { API_CONFIG, type ApiConfig } from '../config';
import { createTemporalConnection } from './temporal-connection';
import { TEMPORAL_CONNECTION } from './temporal.tokens';

/**
 * Readiness probe: GetSystemInfo, the call the SDK itself makes to verify a
 * connection, on a probe-only channel to the shared connection's address
 * (with the TLS / API-key settings from the config).
 *
 * Why not the shared connection: its gRPC interceptor retries UNAVAILABLE
 * with back-off, so a down Temporal would answer only when the deadline ends,
 * and a retry timer still pending at shutdown throws "Channel has been shut
 * down" out of the SDK. Without interceptors a refused connection is reported
 * at once and nothing is left scheduled.
 */
@Injectable()
export class TemporalReadiness implements OnApplicationShutdown {
  private readonly connection: Connection;

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(TEMPORAL_CONNECTION) shared: Connection,
  ) {
    this.connection = createTemporalConnection(config, { address: shared.options.address, interceptors: [] });
  }

  async probe(): Promise<void> {
    const deadline = Date.now() + this.config.readinessTimeoutMs;
    await this.connection.withDeadline(deadline, () => this.connection.workflowService.getSystemInfo({}));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
