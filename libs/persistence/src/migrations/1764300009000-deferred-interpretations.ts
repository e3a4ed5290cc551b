import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deferred interpretations (暂缓解读, issue 11): the due instant and the late
 * flag the package workflow's durable timers set, projected so the to-do list
 * and the package list can show and sort by them without asking the engine;
 * and a department's public enquiry line (咨询电话), printed under a published
 * interpretation beside its interpreter — an office number, never a person's.
 */
export class DeferredInterpretations1764300009000 implements MigrationInterface {
  name = 'DeferredInterpretations1764300009000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE policy_interpretations ADD COLUMN due_at timestamptz, ADD COLUMN late boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE departments ADD COLUMN public_contact text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE departments DROP COLUMN public_contact`);
    await q.query(`ALTER TABLE policy_interpretations DROP COLUMN late, DROP COLUMN due_at`);
  }
}
