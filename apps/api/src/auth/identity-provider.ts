import { UserCredentialsRepository, hashPassword, verifyPassword } from '@gongkai/persistence';

/**
 * One way of proving who you are. The password provider is the only one
 * today; a provincial unified identity (OIDC) would be a second
 * implementation answering the same question — "which `users.id` is this?" —
 * from an authorisation-code callback instead of a form, after which the
 * session is created exactly as for a password.
 */
export interface IdentityProvider<Credentials> {
  readonly method: string;
  /** The user id the credentials prove, or undefined. Never says why not. */
  identify(normalisedUsername: string, credentials: Credentials): Promise<string | undefined>;
}

export interface PasswordCredentials {
  password: string;
}

/** Argon2id against `users.password_hash`. */
export class PasswordIdentityProvider implements IdentityProvider<PasswordCredentials> {
  readonly method = 'password';
  /** Verified against when there is no such user (or no hash), so both answers take as long. */
  private dummyHash?: Promise<string>;

  constructor(private readonly credentials: UserCredentialsRepository) {}

  async identify(normalisedUsername: string, { password }: PasswordCredentials): Promise<string | undefined> {
    const found = await this.credentials.find(normalisedUsername);
    if (!found?.passwordHash) {
      this.dummyHash ??= hashPassword('gongkai: no such user');
      await verifyPassword(await this.dummyHash, password);
      return undefined;
    }
    return (await verifyPassword(found.passwordHash, password)) ? found.userId : undefined;
  }
}
