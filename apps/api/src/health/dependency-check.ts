import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { errorText } from '../common/error-text';

export class DependencyCheckDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status!: 'up' | 'down';

  @ApiProperty({ description: '检查耗时（毫秒）', example: 3 })
  latencyMs!: number;

  @ApiPropertyOptional({ description: '不可用时的原因（只说哪一项不可用；具体错误写在服务日志中）', example: 'Temporal不可用或未在 2000 毫秒内响应（详情见服务日志）' })
  error?: string;
}

/**
 * Runs one readiness probe with an upper bound on its time: a dependency that
 * hangs is reported down after `timeoutMs`, never hangs the caller.
 */
export async function runDependencyCheck(probe: () => Promise<unknown>, timeoutMs: number): Promise<DependencyCheckDto> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${timeoutMs} 毫秒内无响应`)), timeoutMs);
  });
  try {
    await Promise.race([probe(), timeout]);
    return { status: 'up', latencyMs: elapsed(started) };
  } catch (err) {
    return { status: 'down', latencyMs: elapsed(started), error: errorText(err) };
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
