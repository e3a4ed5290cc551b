/** The policy package (政策解读) activities: its read-model projection. The bundle is published by `publish`. */
import type { DataSource } from 'typeorm';
import type { PolicyPackageActivities } from '@gongkai/contracts';
import { PolicyPackageRepository } from '@gongkai/persistence';

export function createPolicyPackageActivities(ds: DataSource): PolicyPackageActivities {
  const packages = new PolicyPackageRepository(ds);
  return {
    projectPackage: (t) => packages.project(t),
    publishedInterpretations: ({ packageId }) => packages.publishedInterpretations(packageId),
  };
}
