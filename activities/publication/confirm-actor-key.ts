/**
 * confirmActorKey: a review (or retraction) verifies signed actors with the
 * public key it was started with; this is where the worker vouches that the
 * key is the installation's own. A workflow started by someone who reached the
 * engine with a key of their own is stopped before its first side effect.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { PublicationActivities } from '@gongkai/contracts';
import type { PublicationContext } from './publication-context';

export function confirmActorKeyActivity(ctx: PublicationContext): PublicationActivities['confirmActorKey'] {
  return async ({ actorKey }) => {
    const trusted = ctx.options.actorKey;
    if (!trusted) {
      throw ApplicationFailure.nonRetryable('worker 未配置操作人签名公钥（actorKey），不能确认工作流的签名公钥', 'ActorKeyNotConfigured');
    }
    if (actorKey.toLowerCase() !== trusted.toLowerCase()) {
      throw ApplicationFailure.nonRetryable('工作流的操作人签名公钥不是本系统的：该工作流不是由本系统 API 启动的', 'UntrustedActorKey');
    }
  };
}
