/**
 * The worker's environment, validated at boot with the same reader and the
 * same Temporal env-config conventions as the API, so one environment
 * configures both processes.
 */
import * as path from 'node:path';
import { loadApiConfig, LOG_LEVELS, type ApiConfig } from './api-config';
import { ConfigError } from './config-error';
import { EnvReader, type Env } from './env-reader';

export interface WorkerConfig {
  databaseUrl: string;
  temporal: ApiConfig['temporal'];
  logLevel: (typeof LOG_LEVELS)[number];
  gongkaiHome: string;
  /** ACTOR_SIGNING_KEY, shared with the API (see api-config.ts). */
  actorSigningKey?: string;
  /** PORTAL_WEBHOOK_URL: where published/retracted items are announced; unset = no portal. */
  portalWebhookUrl?: string;
  /** 暂缓解读: due working days after the policy's publication, and how many of its review levels approve one. */
  interpretations: InterpretationScheduleConfig;
  /** 征求意见: when the feedback report is due after the window closes. */
  consultationFeedback: ConsultationFeedbackConfig;
}

export interface ConsultationFeedbackConfig {
  /** CONSULTATION_FEEDBACK_WORKING_DAYS (default 20). */
  dueWorkingDays: number;
  /** CONSULTATION_FEEDBACK_REMINDER_WORKING_DAYS (default 15, at most the due days). */
  reminderWorkingDays: number;
}

export interface InterpretationScheduleConfig {
  /** INTERPRETATION_DUE_WORKING_DAYS (default 3). */
  dueWorkingDays: number;
  /** INTERPRETATION_RELEASE_LEVELS (default 1: the policy's level-1 reviewer). */
  releaseLevels: number;
}

/** The worker's own variables (the shared ones are in API_ENV_VARS); docs/configuration.md lists the same. */
export const WORKER_ENV_VARS = [
  { name: 'PORTAL_WEBHOOK_URL', default: '（不设：不推送）', meaning: '发布/撤回后推送门户网站的地址（http/https）' },
  { name: 'INTERPRETATION_DUE_WORKING_DAYS', default: '3', meaning: '暂缓解读须在政策发布之日起多少个工作日内发布（1–20）' },
  { name: 'CONSULTATION_FEEDBACK_WORKING_DAYS', default: '20', meaning: '征求意见截止后，意见采纳情况反馈须在多少个工作日内发布（1–60），逾期升级提醒' },
  { name: 'CONSULTATION_FEEDBACK_REMINDER_WORKING_DAYS', default: '15', meaning: '征求意见截止后第几个工作日提醒起草人发布反馈（1–60，不超过上一项）' },
  { name: 'INTERPRETATION_RELEASE_LEVELS', default: '1', meaning: '暂缓解读由政策审核路径的前几级审核（1–3，默认 1：第一级审核人）' },
] as const;

export function loadWorkerConfig(env: Env, cwd = process.cwd()): WorkerConfig {
  const problems: string[] = [];
  let shared: ApiConfig | undefined;
  try {
    // The API reader validates the shared variables; PORT/HOST do not concern the worker.
    shared = loadApiConfig({ ...env, PORT: undefined, HOST: undefined }, cwd);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems);
  }
  const worker = readWorkerOwn(env);
  problems.push(...worker.problems);
  if (problems.length || !shared) throw new ConfigError(problems);
  return {
    databaseUrl: shared.databaseUrl,
    temporal: shared.temporal,
    logLevel: shared.logLevel,
    gongkaiHome: path.resolve(cwd, shared.gongkaiHome),
    actorSigningKey: shared.auth.actorSigningKey,
    portalWebhookUrl: worker.portalWebhookUrl,
    interpretations: worker.interpretations,
    consultationFeedback: worker.consultationFeedback,
  };
}

/** What only a process that runs the worker reads (the worker, and the launcher that runs one). */
export function readWorkerOwn(env: Env): {
  portalWebhookUrl?: string;
  interpretations: InterpretationScheduleConfig;
  consultationFeedback: ConsultationFeedbackConfig;
  problems: readonly string[];
} {
  const read = new EnvReader(env);
  const portalWebhookUrl = read.httpUrl('PORTAL_WEBHOOK_URL');
  const interpretations = {
    dueWorkingDays: read.integer('INTERPRETATION_DUE_WORKING_DAYS', 3, 1, 20),
    releaseLevels: read.integer('INTERPRETATION_RELEASE_LEVELS', 1, 1, 3),
  };
  const dueWorkingDays = read.integer('CONSULTATION_FEEDBACK_WORKING_DAYS', 20, 1, 60);
  const consultationFeedback = { dueWorkingDays, reminderWorkingDays: read.integer('CONSULTATION_FEEDBACK_REMINDER_WORKING_DAYS', 15, 1, 60) };
  const problems = [...read.problems];
  if (consultationFeedback.reminderWorkingDays > dueWorkingDays) {
    problems.push(`CONSULTATION_FEEDBACK_REMINDER_WORKING_DAYS（${consultationFeedback.reminderWorkingDays}）不能大于 CONSULTATION_FEEDBACK_WORKING_DAYS（${dueWorkingDays}）`);
  }
  return { ...(portalWebhookUrl !== undefined ? { portalWebhookUrl } : {}), interpretations, consultationFeedback, problems };
}
