// For the TypeORM CLI: `npm run typeorm -- migration:show` (needs DATABASE_URL).
import { loadDatabaseCliConfig, readProcessEnv } from '@gongkai/config';
import { createDataSource } from './data-source';

const url = loadDatabaseCliConfig(readProcessEnv()).databaseUrl;
if (!url) {
  throw new Error('DATABASE_URL is required for the TypeORM CLI (e.g. postgres://user:pass@127.0.0.1:5432/gongkai)');
}
export default createDataSource(url);
