// A side entry: embedded PostgreSQL, its credentials and the installation's
// secrets, without TypeORM. The standalone engine process imports this, not the
// barrel, so it never loads the ORM it does not use.
export * from './embedded-postgres';
export * from './embedded-postgres-app-role';
export * from './embedded-postgres-credentials';
export * from './installation-secret';
