import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard';
import { SignInController } from './sign-in.controller';
import { SignInService } from './sign-in.service';
import { TokenVerifier } from './token-verifier';
import { UserDirectory } from './user-directory';

/**
 * Authentication for every route not marked @Public(): a bearer token, or the
 * web app's session cookie (password sign-in); the caller is looked up in `users`.
 */
@Module({
  controllers: [SignInController],
  providers: [UserDirectory, TokenVerifier, SignInService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokenVerifier],
})
export class AuthModule {}
