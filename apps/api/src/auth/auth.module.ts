import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { TokenVerifier } from './token-verifier';
import { UserDirectory } from './user-directory';

/** Bearer-token authentication for every route not marked @Public(); the caller is looked up in `users`. */
@Module({
  providers: [UserDirectory, TokenVerifier, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokenVerifier],
})
export class AuthModule {}
