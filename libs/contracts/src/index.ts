// Shared by api, worker and workflows: no Nest, TypeORM or Node built-ins here.
export * from './task-queues';
export * from './search-attributes';
export * from './actor-proof';
export * from './roles';
export * from './publication';
export * from './policy';
export * from './consultation';
export * from './disclosure-request';
