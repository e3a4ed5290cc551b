import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Working-day calendar (calendar_year, calendar_day) and 索引号 serial counters. */
export class Domain1764300001000 implements MigrationInterface {
  name = 'Domain1764300001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_year (
        year integer PRIMARY KEY CHECK (year BETWEEN 1992 AND 2200),
        source text,
        imported_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Only days that depart from the weekday rule are stored; every other day of
    // a covered year is a working day on Monday–Friday and a rest day at weekends.
    await q.query(`
      CREATE TABLE calendar_day (
        date date PRIMARY KEY,
        year integer NOT NULL REFERENCES calendar_year (year) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('holiday', 'makeup_workday')),
        name text NOT NULL,
        CHECK (EXTRACT(YEAR FROM date) = year),
        CHECK (kind <> 'makeup_workday' OR EXTRACT(ISODOW FROM date) IN (6, 7))
      )`);
    await q.query('CREATE INDEX calendar_day_year_idx ON calendar_day (year)');
    await q.query(`
      CREATE TABLE index_number_counter (
        organisation_code text NOT NULL,
        period text NOT NULL,
        last_serial integer NOT NULL CHECK (last_serial > 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_code, period)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE index_number_counter');
    await q.query('DROP TABLE calendar_day');
    await q.query('DROP TABLE calendar_year');
  }
}
