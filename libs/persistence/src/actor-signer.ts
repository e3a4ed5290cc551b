/**
 * The API's half of signed actors (libs/contracts/src/actor-proof.ts): an
 * Ed25519 key per installation (kept in this lib beside the other
 * per-installation secrets, since the worker confirms the same key), derived from a 32-byte seed kept in
 * GONGKAI_HOME/actor-signing-key (owner-only), or ACTOR_SIGNING_KEY when API
 * and worker run on different hosts (both must be given the same value).
 */
import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import * as path from 'node:path';
import { actorAssertion, type Actor } from '@gongkai/contracts';
import { loadOrCreateInstallationSecret } from './installation-secret';

export const ACTOR_SIGNING_KEY_FILE = 'actor-signing-key';

/** PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows it (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export class ActorSigner {
  private readonly privateKey: KeyObject;
  /** The raw public key, hex: what workflows verify with and the worker confirms. */
  readonly publicKey: string;

  constructor(seed: string) {
    const bytes = Buffer.from(seed, 'base64url');
    if (bytes.length !== 32) throw new Error('ACTOR_SIGNING_KEY 必须是 32 字节的 base64url 串（43 个字符）');
    this.privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, bytes]), format: 'der', type: 'pkcs8' });
    const jwk = createPublicKey(this.privateKey).export({ format: 'jwk' });
    this.publicKey = Buffer.from(jwk.x!, 'base64url').toString('hex');
  }

  /** The installation's signer: ACTOR_SIGNING_KEY when set, else the seed kept in `home` (created on first use). */
  static forInstallation(home: string, configured?: string): ActorSigner {
    return new ActorSigner(configured?.trim() || loadOrCreateInstallationSecret(path.join(home, ACTOR_SIGNING_KEY_FILE)));
  }

  /** The hex signature of `actor` acting through `message` on `workflowId` (draft `version`, when the message has one). */
  sign(workflowId: string, message: string, actor: Actor, version: number | undefined): string {
    return sign(null, Buffer.from(actorAssertion(workflowId, message, actor, version)), this.privateKey).toString('hex');
  }
}
