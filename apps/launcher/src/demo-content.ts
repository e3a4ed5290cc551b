/**
 * The demo organisation's policy packages (issue 11: "the demo organisation
 * gets one published package and one in co-drafting"), made the way people
 * would make them: over the running API with the demo users' tokens, through
 * the workflows, so the published package has real index numbers, catalogue
 * entries, links and a review history. And its public consultation (issue
 * 12: "one open consultation with a few comments"): the notice reviewed and
 * published, the window open for 30 days, comments sent as the public sends
 * them. Runs once: a database that holds any policy package keeps its
 * packages, one that holds any consultation keeps its consultations.
 */
import type { DataSource } from 'typeorm';
import { ConsultationRecord, PolicyPackageRecord } from '@gongkai/persistence';
import { DEMO_CONSULTATION } from './demo-consultation.data';
import { DEMO_POLICY_PACKAGES, type DemoPolicyPackage } from './demo-content.data';
import { ConsultationDriver } from './consultation-driver';
import { PolicyPackageDriver, publishedWhole } from './policy-package-driver';

export interface DemoContentResult {
  /** False when the database already had a policy package (and a consultation). */
  created: boolean;
  published: number;
  drafting: number;
  /** The demo consultation, when this run opened it: the comments it took. */
  consultation?: { comments: number };
  ms: number;
}

/** What is still to be made: the packages while there is none, the consultation while there is none. */
async function due(dataSource: DataSource): Promise<{ packages: boolean; consultation: boolean }> {
  return {
    packages: (await dataSource.getRepository(PolicyPackageRecord).count()) === 0,
    consultation: (await dataSource.getRepository(ConsultationRecord).count()) === 0,
  };
}

/** True while the database lacks the demo packages or the demo consultation: made on the first start only. */
export async function demoContentDue(dataSource: DataSource): Promise<boolean> {
  const d = await due(dataSource);
  return d.packages || d.consultation;
}

export async function seedDemoContent(options: {
  baseUrl: string;
  dataSource: DataSource;
  tokenOf: (username: string) => string;
  /** 成文日期 of the demo policies (today, in the caller's calendar). */
  writtenDate: string;
  /** Aborted when the launcher stops. */
  stopped?: AbortSignal;
}): Promise<DemoContentResult> {
  const t0 = performance.now();
  const todo = await due(options.dataSource);
  if (!todo.packages && !todo.consultation) {
    return { created: false, published: 0, drafting: 0, ms: performance.now() - t0 };
  }
  let published = 0;
  let drafting = 0;
  if (todo.packages) {
    const driver = new PolicyPackageDriver(options.baseUrl, options.tokenOf, undefined, options.stopped);
    for (const demo of DEMO_POLICY_PACKAGES) {
      await drive(driver, demo, options.writtenDate);
      if (demo.publish) published += 1;
      else drafting += 1;
    }
  }
  const consultation = todo.consultation ? await openDemoConsultation(new ConsultationDriver(options.baseUrl, options.tokenOf, undefined, options.stopped)) : undefined;
  return { created: true, published, drafting, consultation, ms: performance.now() - t0 };
}

/** Opens the demo consultation (its notice approved by every level of its route) and sends its comments, in order. */
async function openDemoConsultation(driver: ConsultationDriver): Promise<{ comments: number }> {
  const { author, comments, ...draft } = DEMO_CONSULTATION;
  const opened = await driver.open(author, draft);
  for (const comment of comments) {
    const res = await driver.comment(opened.id, comment);
    if (res.status !== 201) throw new Error(`演示意见未被受理：${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  }
  return { comments: comments.length };
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
