/**
 * A deliberately changed policy package, for the negative replay test
 * (policy-replay.test.ts): same name, same inputs, one careless-looking edit —
 * a short timer before the package starts (CHANGED). The recorded package
 * history must fail replay against this with a DeterminismViolationError.
 */
import { sleep } from '@temporalio/workflow';
import type { PolicyPackageInput, PolicyPackageState } from '@gongkai/contracts';
import { policyPackage as original } from '../../../workflows/policy-package';

export { publicationReview } from '../../../workflows/publication-review';

export async function policyPackage(input: PolicyPackageInput): Promise<PolicyPackageState> {
  await sleep(1); // CHANGED
  return original(input);
}
