import type { DataSource } from 'typeorm';
import { generatePassword, hashPassword } from '../passwords';
import { UserCredentialsRepository } from '../repositories/user-credentials.repository';
import { DEMO_USERS } from './demo-data';

export interface InitialPassword {
  username: string;
  password: string;
}

/**
 * Gives each demo user without a password a random one and returns them, to
 * be shown once: only the Argon2id hash is stored. A user who already has a
 * password (an earlier start, or `npm run password`) keeps it; two launchers
 * starting together cannot both set one (the update is conditional).
 */
export async function assignDemoPasswords(ds: DataSource): Promise<InitialPassword[]> {
  const credentials = new UserCredentialsRepository(ds);
  const missing = await credentials.usersWithoutPassword(DEMO_USERS.map((u) => u.id));
  const assigned: InitialPassword[] = [];
  for (const username of missing) {
    const password = generatePassword();
    if (await credentials.setInitialPasswordHash(username, await hashPassword(password))) assigned.push({ username, password });
  }
  return assigned;
}
