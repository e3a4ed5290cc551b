import { Module, type DynamicModule } from '@nestjs/common';
import type { ApiConfig } from '@gongkai/config';
import { API_CONFIG } from './api-config.token';

/** Makes the validated config injectable everywhere as `@Inject(API_CONFIG)`. */
@Module({})
export class ApiConfigModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return { module: ApiConfigModule, global: true, providers: [{ provide: API_CONFIG, useValue: config }], exports: [API_CONFIG] };
  }
}
