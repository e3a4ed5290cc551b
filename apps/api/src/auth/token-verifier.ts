import { Inject, Injectable, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose';
import { API_CONFIG, type ApiConfig } from '../config';
import { loadOrCreateAuthSecret } from './auth-secret';
import type { AuthenticatedUser } from './roles';
import { lifetimeProblem } from './token-lifetime';
import { TOKEN_ALGORITHM, type GongkaiClaims } from './tokens';
import { UserDirectory, type ActiveUsers } from './user-directory';

type Key = Uint8Array | JWTVerifyGetKey;

/** How to get a token (shown in 401 messages). */
const HOW_TO_GET_ONE = '（本地演示环境可运行 npm run token -- <用户名> 获取）';

/**
 * Verifies bearer tokens: HS256 with the configured or generated secret, or
 * the SSO's keys from AUTH_JWKS_URL. The key is resolved on first use, so
 * building the app (e.g. for `npm run openapi`) writes no secret file.
 *
 * A valid signature only says who the caller is (`sub`); whether they may
 * still act, and with which roles and department, is the users table's answer.
 */
@Injectable()
export class TokenVerifier {
  private key?: Key;
  private readonly options: JWTVerifyOptions;

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(UserDirectory) private readonly users: ActiveUsers,
  ) {
    const { issuer, audience, jwksUrl } = config.auth;
    this.options = {
      // Without exp a token would never run out; its lifetime is capped below.
      requiredClaims: ['exp'],
      ...(jwksUrl ? {} : { algorithms: [TOKEN_ALGORITHM] }),
      ...(issuer ? { issuer } : {}),
      ...(audience ? { audience } : {}),
    };
  }

  async verify(token: string): Promise<AuthenticatedUser> {
    let claims: GongkaiClaims;
    try {
      const key = this.resolveKey();
      const verified =
        key instanceof Uint8Array
          ? await jwtVerify<GongkaiClaims>(token, key, this.options)
          : await jwtVerify<GongkaiClaims>(token, key, this.options);
      claims = verified.payload;
    } catch (err) {
      throw refusal(err);
    }
    const lifetime = lifetimeProblem(claims, Math.floor(Date.now() / 1000));
    if (lifetime) throw new UnauthorizedException(lifetime);
    if (typeof claims.sub !== 'string' || !claims.sub) throw new UnauthorizedException('令牌缺少用户名（sub）');
    const user = await this.users.activeUser(claims.sub).catch((err: unknown) => {
      throw new ServiceUnavailableException('暂时无法核对用户信息，请稍后重试', { cause: err });
    });
    if (!user) throw new UnauthorizedException(`用户不存在或已停用：${claims.sub}`);
    return user;
  }

  private resolveKey(): Key {
    if (!this.key) {
      const { jwksUrl, jwtSecret } = this.config.auth;
      this.key = jwksUrl
        ? createRemoteJWKSet(new URL(jwksUrl))
        : new TextEncoder().encode(loadOrCreateAuthSecret(this.config.gongkaiHome, { AUTH_JWT_SECRET: jwtSecret }));
    }
    return this.key;
  }
}

function refusal(err: unknown): Error {
  const code = (err as { code?: string }).code;
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return new UnauthorizedException(`令牌已过期，请重新获取${HOW_TO_GET_ONE}`);
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if ((err as { reason?: string }).reason === 'missing') {
        const claim = (err as { claim?: string }).claim ?? '';
        return new UnauthorizedException(`令牌缺少${claim === 'exp' ? '有效期（exp）' : `声明 ${claim}`}，请重新获取${HOW_TO_GET_ONE}`);
      }
      return new UnauthorizedException(`令牌声明不符合要求：${(err as { claim?: string }).claim ?? ''} 不正确`);
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return new UnauthorizedException('令牌签名无效：不是本系统（或统一身份认证）签发的令牌');
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return new UnauthorizedException('令牌签名算法不被接受');
    case 'ERR_JWKS_TIMEOUT':
      return new ServiceUnavailableException('暂时无法从统一身份认证获取公钥，请稍后重试');
    default:
      if (code?.startsWith('ERR_J')) return new UnauthorizedException(`令牌格式无效${HOW_TO_GET_ONE}`);
      if (err instanceof TypeError) return new ServiceUnavailableException('暂时无法从统一身份认证获取公钥，请稍后重试');
      return new UnauthorizedException(`令牌无效${HOW_TO_GET_ONE}`);
  }
}
