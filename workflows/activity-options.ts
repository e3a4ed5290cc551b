/**
 * How gongkai's workflows call their activities. Projections and publishing
 * must never be lost, so they retry without limit (capped backoff); the portal
 * may be down for a while, so its push gives up after a day and the workflow
 * records that instead of waiting forever.
 *
 * Each activity's start-to-close timeout is what its work needs, not a blanket
 * minute: it is also how long an activity that was running when the process
 * died (a power cut) waits before it is tried again, and so how long an item
 * looks stuck afterwards. A read-model write takes milliseconds, so 5 s leaves
 * room for a loaded database; screening a maximum-size body takes about a
 * second; publishing is one short transaction. All are idempotent, so a
 * timeout that fires on slow-but-alive work only costs a repeat.
 */
import { proxyActivities, proxyLocalActivities, type ActivityOptions } from '@temporalio/workflow';
import type { ConsultationActivities, DisclosureRequestActivities, PolicyPackageActivities, PublicationActivities } from '@gongkai/contracts';

const RETRY: ActivityOptions['retry'] = { initialInterval: '500 milliseconds', maximumInterval: '30 seconds', backoffCoefficient: 2 };

const READ_MODEL: ActivityOptions = { startToCloseTimeout: '5 seconds', retry: RETRY };
const SCREENING: ActivityOptions = { startToCloseTimeout: '15 seconds', retry: RETRY };
const PUBLISHING: ActivityOptions = { startToCloseTimeout: '10 seconds', retry: RETRY };

type ReviewActivities = Omit<PublicationActivities, 'notifyPortal'>;

/** Activities whose work is not a read-model write; every other one gets READ_MODEL. */
const OPTIONS_BY_ACTIVITY: Partial<Record<keyof ReviewActivities, ActivityOptions>> = { screenDraft: SCREENING, publish: PUBLISHING };

/**
 * One proxy whose activities each carry their own options (the SDK's proxies take one set each): a review
 * activity's budget is its work's, normal or local alike.
 */
const perActivity = <T extends object>(proxy: (options: ActivityOptions) => T): T =>
  new Proxy({} as T, {
    get: (_target, name: string) => proxy(OPTIONS_BY_ACTIVITY[name as keyof ReviewActivities] ?? READ_MODEL)[name as keyof T],
  });

export const publicationActivities = (): ReviewActivities => perActivity((options) => proxyActivities<ReviewActivities>(options));

/**
 * The review's short database steps — projection, assignment, route, deadlines,
 * publishing — as local activities: the worker runs them inside the workflow
 * task and the engine records only their results (markers), so a decision
 * costs one workflow-task round trip instead of one per step (issue 14's lean
 * approve path). Each step is one idempotent transaction keyed by the
 * workflow's own sequence numbers, so a repeat after a crash between the step
 * and the task's completion changes nothing. Screening (up to a second of CPU)
 * stays a normal activity: it should not hold the workflow task.
 */
type LocalReviewSteps = Pick<
  ReviewActivities,
  'recordTransition' | 'assignStage' | 'resolveRoute' | 'escalationTarget' | 'stageDeadlines' | 'confirmActorKey' | 'publish'
>;

/** Reviews started before the steps were local keep scheduling them as activities (their histories say so). */
export const LOCAL_REVIEW_STEPS_PATCH = 'review-steps-local';

export const publicationLocalSteps = (): LocalReviewSteps =>
  perActivity(({ startToCloseTimeout, retry }): LocalReviewSteps => proxyLocalActivities<LocalReviewSteps>({ startToCloseTimeout, retry }));

/** The portal's webhook call has its own 15 s HTTP timeout (notify-portal.ts); 30 s bounds it with room. */
export const portalActivities = () =>
  proxyActivities<Pick<PublicationActivities, 'notifyPortal'>>({
    startToCloseTimeout: '30 seconds',
    scheduleToCloseTimeout: '1 day',
    retry: { initialInterval: '5 seconds', maximumInterval: '10 minutes', backoffCoefficient: 2 },
  });

/** The policy package's read-model writes (政策解读). */
export const policyPackageActivities = () =>
  proxyActivities<PolicyPackageActivities & Pick<PublicationActivities, 'confirmActorKey'>>(READ_MODEL);

/** The consultation's read-model writes and window transactions (征求意见). */
export const consultationActivities = () =>
  proxyActivities<ConsultationActivities & Pick<PublicationActivities, 'confirmActorKey'>>(READ_MODEL);

/** The disclosure request's clock reads, projection and notices (依申请公开). */
export const disclosureRequestActivities = () =>
  proxyActivities<DisclosureRequestActivities & Pick<PublicationActivities, 'confirmActorKey'>>(READ_MODEL);
