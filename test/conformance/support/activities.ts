import { ApplicationFailure, Context, sleep } from '@temporalio/activity';

export async function echo(text: string): Promise<string> {
  return text;
}

const attempts = new Map<string, number>();
/** Fails `failures` times (retryable), then returns the attempt number. */
export async function flaky(key: string, failures: number): Promise<number> {
  const n = (attempts.get(key) ?? 0) + 1;
  attempts.set(key, n);
  if (n <= failures) throw new Error(`临时故障 ${n}`);
  return Context.current().info.attempt;
}

export async function refuse(): Promise<string> {
  throw ApplicationFailure.nonRetryable('身份证号校验失败', 'InvalidIdNumber');
}

export async function heartbeatUntilCancelled(): Promise<string> {
  for (;;) {
    Context.current().heartbeat();
    await sleep(100);
  }
}

export * from './more-activities';
