import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { Client, type Connection } from '@temporalio/client';
import { API_CONFIG, type ApiConfig } from '../config';
import { SignedWorkflows } from './signed-workflows';
import { createTemporalConnection } from './temporal-connection';
import { TEMPORAL_CLIENT, TEMPORAL_CONNECTION } from './temporal.tokens';

@Injectable()
class OwnedConnectionLifecycle implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CONNECTION) private readonly connection: Connection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

/**
 * Provides the Temporal `Connection` (TEMPORAL_CONNECTION) and a `Client` on
 * TEMPORAL_NAMESPACE (TEMPORAL_CLIENT), and `SignedWorkflows` on it. A connection handed in by the caller
 * is used as-is and left open at shutdown: its owner closes it.
 */
@Module({})
export class TemporalModule {
  static forRoot(injected?: Connection): DynamicModule {
    const connection: Provider = injected
      ? { provide: TEMPORAL_CONNECTION, useValue: injected }
      : { provide: TEMPORAL_CONNECTION, inject: [API_CONFIG], useFactory: (config: ApiConfig) => createTemporalConnection(config) };
    const client: Provider = {
      provide: TEMPORAL_CLIENT,
      inject: [TEMPORAL_CONNECTION, API_CONFIG],
      useFactory: (conn: Connection, config: ApiConfig) => new Client({ connection: conn, namespace: config.temporal.namespace }),
    };
    return {
      module: TemporalModule,
      global: true,
      providers: [connection, client, SignedWorkflows, ...(injected ? [] : [OwnedConnectionLifecycle])],
      exports: [TEMPORAL_CONNECTION, TEMPORAL_CLIENT, SignedWorkflows],
    };
  }
}
