/**
 * A CPU profile of the benchmark's own process around one phase, and where its
 * samples fell: which package's code ran (self time), how much the main
 * thread sat idle (waiting for Postgres, the SDK's Rust core threads or the
 * network), and the garbage collector. The .cpuprofile file opens in Chrome's
 * DevTools (Performance → load) for the full call tree.
 */
import * as fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import * as path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Where a frame's code comes from, by its file: the project's parts, then packages, then Node itself. */
export function bucketOf(url: string, functionName: string): string {
  if (functionName === '(idle)') return 'idle (waiting: Postgres, SDK core threads, network)';
  if (functionName === '(garbage collector)') return 'garbage collector';
  if (functionName === '(program)') return 'V8/native (program)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) {
    const name = pkg[1];
    if (name.startsWith('@temporalio/')) return name;
    if (name.startsWith('@nestjs/') || name === 'fastify' || name.startsWith('@fastify/') || name === 'find-my-way' || name === 'light-my-request') return 'Nest + Fastify';
    if (name === 'typeorm') return 'typeorm';
    if (name === 'pg' || name.startsWith('pg-')) return 'pg (driver)';
    if (name.startsWith('@grpc/') || name === 'protobufjs' || name.startsWith('@protobufjs/') || name === 'long') return 'gRPC + protobuf';
    if (name === 'class-validator' || name === 'class-transformer') return 'class-validator/transformer';
    return 'other packages';
  }
  if (url.includes('libs/embedded-temporal/')) return 'embedded engine';
  if (url.includes('/apps/api/')) return 'gongkai API';
  if (url.includes('/activities/')) return 'gongkai activities';
  if (url.includes('/libs/persistence/')) return 'gongkai persistence';
  if (url.includes('/libs/')) return 'gongkai libs';
  if (url.startsWith('node:') || url === '') return 'Node built-ins';
  return 'other';
}

export interface ProfileSummary {
  wallMs: number;
  rows: { bucket: string; ms: number; share: number }[];
}

/** Self time per bucket (a sample counts for the frame on top of the stack). */
export function summarise(profile: Profile): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const ms = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    if (!node) continue;
    const bucket = bucketOf(node.callFrame.url, node.callFrame.functionName);
    ms.set(bucket, (ms.get(bucket) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  const wallMs = (profile.endTime - profile.startTime) / 1000;
  const rows = [...ms.entries()].map(([bucket, v]) => ({ bucket, ms: v, share: v / wallMs })).sort((a, b) => b.ms - a.ms);
  return { wallMs, rows };
}

/** Profiles `fn`, writes `<dir>/<name>.cpuprofile`, and returns the summary with `fn`'s result. */
export async function profiled<T>(dir: string, name: string, fn: () => Promise<T>): Promise<{ result: T; summary: ProfileSummary; file: string }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  let result: T;
  let profile: Profile;
  try {
    result = await fn();
  } finally {
    profile = ((await session.post('Profiler.stop')) as unknown as { profile: Profile }).profile;
    session.disconnect();
  }
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.cpuprofile`);
  fs.writeFileSync(file, JSON.stringify(profile));
  return { result, summary: summarise(profile), file };
}

/** The summary as lines: milliseconds per operation when `operations` is given. */
export function profileLines(summary: ProfileSummary, operations: number): string[] {
  return summary.rows
    .filter((r) => r.share >= 0.005)
    .map((r) => `    ${r.bucket.padEnd(54)} ${(r.ms / operations).toFixed(2).padStart(7)} ms/op  ${(r.share * 100).toFixed(1).padStart(5)} %`);
}
