/**
 * Seeds the demo organisation, the 公开目录, the default review routes and
 * settings, and the working-day calendar. Safe on every start and from several
 * processes at once: rows that exist are left alone (an administrator may have
 * changed them), and concurrent seeders serialise on an advisory lock.
 */
import type { DataSource } from 'typeorm';
import { CalendarRepository } from '../repositories/calendar.repository';
import {
  DEFAULT_CATALOG_CATEGORIES,
  DEFAULT_REVIEW_ROUTES,
  DEFAULT_REVIEW_SETTINGS,
  DEMO_DEPARTMENTS,
  DEMO_ORGANISATION,
  DEMO_USERS,
} from './demo-data';

export * from './demo-data';

const SEED_LOCK = 7_428_003;

/** Categories, routes and settings every deployment starts with (no organisation). */
export async function seedReviewDefaults(ds: DataSource): Promise<void> {
  await ds.transaction(async (m) => {
    await m.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
    // Parents first: the list is ordered so every parent precedes its children.
    for (const c of DEFAULT_CATALOG_CATEGORIES) {
      await m.query(
        `INSERT INTO catalog_categories (code, name, parent_code, sort) VALUES ($1, $2, $3, $4)
         ON CONFLICT (code) DO NOTHING`,
        [c.code, c.name, c.parentCode ?? null, c.sort],
      );
    }
    for (const r of DEFAULT_REVIEW_ROUTES) {
      await m.query(
        `INSERT INTO review_routes (category, attribute, levels, priority) VALUES ($1, $2, $3, $4)
         ON CONFLICT (category, attribute) DO NOTHING`,
        [r.category, r.attribute, r.levels, r.priority],
      );
    }
    for (const [key, value] of Object.entries(DEFAULT_REVIEW_SETTINGS)) {
      await m.query('INSERT INTO review_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
        key,
        JSON.stringify(value),
      ]);
    }
  });
}

/** 示范市教育局 with its departments and the eight demo users, plus everything `seedReviewDefaults` writes and the calendar. */
export async function seedDemoOrganisation(ds: DataSource): Promise<void> {
  await seedReviewDefaults(ds);
  await ds.transaction(async (m) => {
    await m.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
    const o = DEMO_ORGANISATION;
    await m.query(
      `INSERT INTO organisations (id, name, code, index_pattern) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
      [o.id, o.name, o.code, JSON.stringify(o.indexPattern)],
    );
    for (const d of DEMO_DEPARTMENTS) {
      await m.query(
        `INSERT INTO departments (id, organisation_id, name, kind, public_contact) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`,
        [d.id, o.id, d.name, d.kind, d.publicContact ?? null],
      );
    }
    for (const u of DEMO_USERS) {
      await m.query(
        `INSERT INTO users (id, name, department_id, roles) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
        [u.id, u.name, u.departmentId, u.roles],
      );
      for (const departmentId of u.leads ?? []) {
        await m.query(
          `INSERT INTO leader_departments (leader_id, department_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
          [u.id, departmentId],
        );
      }
    }
  });
  await new CalendarRepository(ds).seedFromChineseDays();
}
