import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown, type OnModuleInit, type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createDataSource } from '@gongkai/persistence';
import { API_CONFIG, type ApiConfig } from '../config';
import { errorText } from '../common/error-text';
import { redactUrl } from '@gongkai/config';

/** Opens the API's own pool at init and closes it at shutdown. Not used for an injected data source. */
@Injectable()
class OwnedDataSourceLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    try {
      await this.dataSource.initialize();
    } catch (err) {
      throw new Error(`无法连接数据库 ${redactUrl(this.config.databaseUrl)}: ${errorText(err)}`, { cause: err });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/**
 * Provides TypeORM's `DataSource` (inject it by class). Schema changes come
 * only from migrations (`synchronize: false`, set in libs/persistence).
 */
@Module({})
export class DatabaseModule {
  static forRoot(injected?: DataSource): DynamicModule {
    const providers: Provider[] = injected
      ? [{ provide: DataSource, useValue: injected }]
      : [
          {
            provide: DataSource,
            inject: [API_CONFIG],
            useFactory: (config: ApiConfig) =>
              createDataSource(config.databaseUrl, {
                // Fail a check fast when the server is gone instead of waiting on the pool.
                extra: { max: 10, application_name: 'gongkai-api', connectionTimeoutMillis: 5_000 },
              }),
          },
          OwnedDataSourceLifecycle,
        ];
    return { module: DatabaseModule, global: true, providers, exports: [DataSource] };
  }
}
