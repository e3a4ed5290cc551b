import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/**
 * The SCRAM-SHA-256 secret PostgreSQL stores for a password (RFC 7677; the
 * format of pg_authid.rolpassword). Handing the server this instead of the
 * password — as `psql \password` does — keeps the plain password out of server
 * logs, statement statistics and initdb's temporary password file.
 *
 * SASLprep is skipped: our passwords are base64url, which it leaves unchanged.
 */
export function scramSha256Verifier(password: string, iterations = 4096): string {
  const salt = randomBytes(16);
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
