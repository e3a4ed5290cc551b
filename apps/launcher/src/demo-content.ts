/**
 * The demo organisation's policy packages (issue 11: "the demo organisation
 * gets one published package and one in co-drafting"), made the way people
 * would make them: over the running API with the demo users' tokens, through
 * the workflows, so the published package has real index numbers, catalogue
 * entries, links and a review history. Runs once: a database that holds any
 * policy package is left alone.
 */
import type { DataSource } from 'typeorm';
import { PolicyPackageRecord } from '@gongkai/persistence';
import { DEMO_POLICY_PACKAGES, type DemoPolicyPackage } from './demo-content.data';
import { PolicyPackageDriver, publishedWhole } from './policy-package-driver';

export interface DemoContentResult {
  /** False when the database already had a policy package. */
  created: boolean;
  published: number;
  drafting: number;
  ms: number;
}

/** True while the database holds no policy package: the demo content is made on the first start only. */
export async function demoContentDue(dataSource: DataSource): Promise<boolean> {
  return (await dataSource.getRepository(PolicyPackageRecord).count()) === 0;
}

export async function seedDemoContent(options: {
  baseUrl: string;
  dataSource: DataSource;
  tokenOf: (username: string) => string;
  /** 成文日期 of the demo policies (today, in the caller's calendar). */
  writtenDate: string;
}): Promise<DemoContentResult> {
  const t0 = performance.now();
  if (!(await demoContentDue(options.dataSource))) {
    return { created: false, published: 0, drafting: 0, ms: performance.now() - t0 };
  }
  const driver = new PolicyPackageDriver(options.baseUrl, options.tokenOf);
  let published = 0;
  let drafting = 0;
  for (const demo of DEMO_POLICY_PACKAGES) {
    await drive(driver, demo, options.writtenDate);
    if (demo.publish) published += 1;
    else drafting += 1;
  }
  return { created: true, published, drafting, ms: performance.now() - t0 };
}

async function drive(driver: PolicyPackageDriver, demo: DemoPolicyPackage, writtenDate: string): Promise<void> {
  const pkg = await driver.create(demo.lead, {
    title: demo.title,
    body: demo.body,
    documentNumber: demo.documentNumber,
    category: '规范性文件',
    attribute: 'proactive',
    writtenDate,
    interpretations: demo.interpretations.map((i) => ({ form: i.form, ownerId: i.ownerId, title: i.title })),
  });
  // The plan keeps its order, so the i-th interpretation is the i-th planned one.
  for (const [k, planned] of demo.interpretations.entries()) {
    const interpretation = pkg.interpretations[k];
    if (!planned.body) continue;
    const version = await driver.save(pkg, interpretation, { title: planned.title, body: planned.body });
    if (planned.ready) await driver.ready(pkg, interpretation, version);
  }
  if (!demo.publish) return;
  const atLastStep = await driver.approveAllButLast(demo.lead, await driver.submit(demo.lead, pkg));
  await driver.approveCurrent(atLastStep, '同意发布');
  await driver.waitForPackage(demo.lead, pkg.id, publishedWhole);
}
