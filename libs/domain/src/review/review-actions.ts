/**
 * Who may do what to an item at a stage (三审). One set of rules, read by the
 * workflow's update validators (which refuse) and by the API (which tells each
 * caller what they may do: `allowedActions`), so no client re-implements them.
 *
 * Pure: bundled into the workflow, so no Node built-ins and no I/O. Only types
 * come from the contracts, so this file carries no runtime dependency.
 */
import type { PublicationReviewState, RefusalType } from '@gongkai/contracts';

/** The actions on an item, as the API names them. */
export type ReviewAction = 'submit' | 'acknowledge-warnings' | 'approve' | 'reject' | 'request-changes' | 'revise' | 'withdraw' | 'retract';

/** In the order a client shows them. */
export const REVIEW_ACTIONS: readonly ReviewAction[] = ['submit', 'acknowledge-warnings', 'approve', 'reject', 'request-changes', 'revise', 'withdraw', 'retract'];

export interface ReviewActor {
  userId: string;
  roles: readonly string[];
}

/** The item as the rules see it. `busy`: an accepted command has not yet been carried out. */
export interface ReviewSituation {
  state: PublicationReviewState;
  authorId: string;
  busy: boolean;
}

/**
 * What the command carries beyond its actor. Without it only the actor and the
 * item's state are judged (what `allowedActions` needs); with it, everything the
 * workflow checks, in the workflow's order, so each refusal stays the one it was.
 */
export interface ReviewCommand {
  version?: number;
  expectedLevel?: number;
  reason?: string;
  confidentiality?: { conclusion?: string };
}

export interface ReviewRefusal {
  type: RefusalType;
  message: string;
}

const notAllowed = (message: string): ReviewRefusal => ({ type: 'NotAllowed', message });
const wrongStage = (message: string): ReviewRefusal => ({ type: 'WrongStage', message });
const staleVersion = (message: string): ReviewRefusal => ({ type: 'StaleVersion', message });
const ruleRefused = (message: string): ReviewRefusal => ({ type: 'RuleRefused', message });

const NOT_AUTHOR = '只有稿件作者可以执行此操作';
const BUSY = '稿件正在处理中，请稍后再试';

const versionRefusal = (state: PublicationReviewState, version: number): ReviewRefusal | undefined =>
  version === state.version ? undefined : staleVersion(`稿件已更新为第 ${state.version} 版，请基于最新版本操作（收到第 ${version} 版）`);

/** Why `actor` may not take `action` now, or undefined when they may. */
export function reviewActionRefusal(action: ReviewAction, situation: ReviewSituation, actor: ReviewActor, command?: ReviewCommand): ReviewRefusal | undefined {
  const { state, authorId, busy } = situation;
  const isAuthor = actor.userId === authorId;
  switch (action) {
    case 'submit':
      if (!isAuthor) return notAllowed(NOT_AUTHOR);
      if (state.phase !== 'draft' && state.phase !== 'returned') return wrongStage('稿件已提交，无需重复提交');
      return command && versionRefusal(state, command.version ?? Number.NaN);
    case 'acknowledge-warnings':
      if (!isAuthor) return notAllowed(NOT_AUTHOR);
      if (state.phase !== 'awaiting_acknowledgement') return wrongStage('当前没有需要确认的检查提示');
      return command && versionRefusal(state, command.version ?? Number.NaN);
    case 'approve':
    case 'reject':
    case 'request-changes': {
      const stage = state.stage;
      if (state.status !== 'in_review' || !stage) return wrongStage('该稿件当前不在待审核状态，或该审核步骤已被处理');
      if (command?.expectedLevel !== undefined && command.expectedLevel !== stage.level) {
        return wrongStage(`审核步骤已变化：当前为第 ${stage.level} 级（${stage.label}）`);
      }
      const stale = command && versionRefusal(state, command.version ?? Number.NaN);
      if (stale) return stale;
      if (isAuthor) return notAllowed('作者不能审核自己的稿件');
      if (!stage.deciders.includes(actor.userId)) return notAllowed(`当前步骤由 ${stage.assigneeName}（${stage.label}）审核，您无权处理`);
      if (!command) return undefined;
      if (action !== 'approve' && !command.reason?.trim()) return ruleRefused(action === 'reject' ? '退回必须填写理由' : '要求修改必须填写理由');
      if (action === 'approve' && stage.level === 1 && !command.confidentiality?.conclusion) {
        return ruleRefused('第一级审核必须填写保密审查结论（confidentiality.conclusion）');
      }
      return undefined;
    }
    case 'revise':
      if (!isAuthor) return notAllowed(NOT_AUTHOR);
      if (busy) return wrongStage(BUSY);
      if (!['draft', 'returned', 'in_review'].includes(state.status) || state.phase === 'screening' || state.phase === 'publishing') {
        return wrongStage('稿件当前状态不能修订');
      }
      if (command && command.version !== state.version + 1) return staleVersion(`新版本号应为 ${state.version + 1}`);
      return undefined;
    case 'withdraw':
      if (!isAuthor) return notAllowed(NOT_AUTHOR);
      if (busy) return wrongStage(BUSY);
      if (state.status === 'published' || state.phase === 'publishing') return wrongStage('稿件已发布，撤回须经主要负责人批准（retract）');
      // 'retracted' never reaches the review workflow (it has completed by then); listed so no view offers withdraw.
      if (state.status === 'withdrawn' || state.status === 'retracted') return wrongStage('稿件已撤回');
      return undefined;
    case 'retract':
      // Decided by the API (the review workflow has completed once an item is published); same messages.
      if (!actor.roles.includes('principal')) return notAllowed('撤回已发布的信息须由主要负责人批准');
      if (state.status !== 'published') {
        return wrongStage(state.status === 'retracted' ? '稿件已撤回' : '只有已发布的稿件才能撤回；未发布的稿件由作者撤回（withdraw）');
      }
      return undefined;
  }
}

/** Every action `actor` may take on the item now, judged on actor and state alone (arguments are checked when sent). */
export function allowedReviewActions(situation: ReviewSituation, actor: ReviewActor): ReviewAction[] {
  return REVIEW_ACTIONS.filter((action) => reviewActionRefusal(action, situation, actor) === undefined);
}

/**
 * Whether a state seen from outside (a query answer or the projection) has a
 * command in flight: the handlers move an item to screening, publishing or a
 * stage-less review the moment they accept a command.
 */
export function reviewStateBusy(state: PublicationReviewState): boolean {
  return state.phase === 'screening' || state.phase === 'publishing' || (state.status === 'in_review' && !state.stage);
}
