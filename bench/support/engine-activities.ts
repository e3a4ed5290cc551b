/** Activities for bench/engine.ts: no work, so the engine's cost is what is measured. */
export async function record(stage: string): Promise<string> {
  return stage;
}
