/* eslint-disable @typescript-eslint/no-explicit-any -- requests are protobufjs messages decoded by reflection */
/**
 * What a workflow task's completion records about the worker that completed it, as Temporal does: its version
 * stamp and deployment in WorkflowTaskCompleted (a replaying worker reads its `currentBuildId` from there), and
 * the `BuildIds` system search attribute — `unversioned` first for a run no versioning rule placed, then each
 * build id that completed a task, `unversioned:<id>` (or `versioned:<id>` when the worker uses build-id
 * versioning), in the order first seen (Temporal's addBuildIdToLoadedSearchAttribute).
 */

/** temporal.api.enums.v1.WorkerVersioningMode */
const WORKER_VERSIONING_MODE_VERSIONED = 2;

/** The worker fields of WorkflowTaskCompletedEventAttributes for a RespondWorkflowTaskCompleted request. */
export function completedByWorker(req: any): object {
  const stamp = req.workerVersionStamp?.buildId ? req.workerVersionStamp : undefined;
  const options = req.deploymentOptions;
  const versioned = options && Number(options.workerVersioningMode) === WORKER_VERSIONING_MODE_VERSIONED
    || options?.workerVersioningMode === 'WORKER_VERSIONING_MODE_VERSIONED';
  return {
    workerVersion: stamp,
    workerDeploymentName: options?.deploymentName || req.deployment?.seriesName || undefined,
    deploymentVersion: versioned ? { deploymentName: options.deploymentName, buildId: options.buildId } : undefined,
    versioningBehavior: versioned ? req.versioningBehavior : undefined,
  };
}

/** The BuildIds list after a task completed with `stamp` (undefined: the worker sent none); `existing` as stored. */
export function nextBuildIds(existing: readonly string[], stamp: { buildId?: string; useVersioning?: boolean } | undefined): string[] {
  const next: string[] = stamp?.useVersioning ? [] : ['unversioned'];
  const id = !stamp?.buildId ? '' : `${stamp.useVersioning ? 'versioned' : 'unversioned'}:${stamp.buildId}`;
  for (const value of existing) {
    if (value === 'unversioned' || value.startsWith('assigned:') || value.startsWith('pinned:')) continue;
    next.push(value);
  }
  if (id && !next.includes(id)) next.push(id);
  return next;
}

/** A KeywordList search attribute payload, as Temporal encodes one. */
export function keywordListPayload(values: readonly string[]): object {
  return {
    metadata: { encoding: Buffer.from('json/plain'), type: Buffer.from('KeywordList') },
    data: Buffer.from(JSON.stringify(values)),
  };
}
