import type { DataSource } from 'typeorm';
import { SystemStart } from '@gongkai/persistence/entities';
import { openTestDataSource } from '../support/database';

describe('the test database', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openTestDataSource();
  });
  afterAll(async () => {
    await ds.destroy();
  });

  it('is a real PostgreSQL with the migrations applied', async () => {
    const [{ server_version_num }] = await ds.query('SHOW server_version_num');
    expect(Number(server_version_num)).toBeGreaterThanOrEqual(140000);
    const pending = await ds.showMigrations();
    expect(pending).toBe(false);
  });

  // The whole suite connects like the app does: the proof that nothing gongkai does needs a superuser.
  it('is reached as an ordinary role, not a superuser', async () => {
    const [me] = await ds.query('SELECT rolsuper FROM pg_roles WHERE rolname = current_user');
    expect(me).toEqual({ rolsuper: false });
  });

  it('stores and reads back an entity through TypeORM', async () => {
    const component = `test-${Date.now()}-${Math.random()}`;
    const saved = await ds.getRepository(SystemStart).save({ component, version: '0.0.0' });
    const found = await ds.getRepository(SystemStart).findOneByOrFail({ id: saved.id });
    expect(found.component).toBe(component);
    expect(found.startedAt).toBeInstanceOf(Date);
  });
});
