/**
 * The organisation chart as reviews need it: users, departments, which
 * sections a 分管领导 leads (`leader_departments`) and who stands in for whom
 * (`delegations`).
 */
import { DepartmentRecord, UserRecord } from '../entities/publication.entities';
import type { Db } from './query-rows';

/** A person as a review step names them. */
export type Person = Pick<UserRecord, 'id' | 'name'>;

export type ActiveUser = Pick<UserRecord, 'id' | 'name' | 'departmentId' | 'roles'>;

export type ReviewerRole = 'section_head' | 'leader' | 'principal';

export class UserRepository {
  constructor(private readonly db: Db) {}

  in(m: Db): UserRepository {
    return new UserRepository(m);
  }

  /** The organisation when the installation serves exactly one (where the public's online requests go), else undefined. */
  async soleOrganisation(): Promise<string | undefined> {
    const rows: { id: string }[] = await this.db.query('SELECT id FROM organisations ORDER BY id LIMIT 2');
    return rows.length === 1 ? rows[0].id : undefined;
  }

  /** Every agency of the installation, by name: the public picks one when filing where there are several. */
  async organisations(): Promise<{ id: string; name: string }[]> {
    return this.db.query('SELECT id, name FROM organisations ORDER BY name, id');
  }

  /** The organisation's name (the agency a reply letter is signed by). */
  async organisationName(id: string): Promise<string | undefined> {
    const rows: { name: string }[] = await this.db.query('SELECT name FROM organisations WHERE id = $1', [id]);
    return rows[0]?.name;
  }

  async organisationExists(id: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query('SELECT 1 FROM organisations WHERE id = $1', [id]);
    return rows.length > 0;
  }

  /** The user if they exist and are active. */
  async activeUser(id: string): Promise<ActiveUser | undefined> {
    const user = await this.db.getRepository(UserRecord).findOne({
      select: { id: true, name: true, departmentId: true, roles: true },
      where: { id, active: true },
    });
    return user ?? undefined;
  }

  /** Every active user's id, sorted (what a command-line tool offers when a name is unknown). */
  async activeIds(): Promise<string[]> {
    const users = await this.db.getRepository(UserRecord).find({ select: { id: true }, where: { active: true }, order: { id: 'ASC' } });
    return users.map((u) => u.id);
  }

  /** A user's name, active or not. */
  async nameOf(id: string): Promise<string | undefined> {
    const user = await this.db.getRepository(UserRecord).findOne({ select: { name: true }, where: { id } });
    return user?.name;
  }

  async department(id: string): Promise<Pick<DepartmentRecord, 'organisationId' | 'name'> | undefined> {
    const department = await this.db.getRepository(DepartmentRecord).findOne({ select: { organisationId: true, name: true }, where: { id } });
    return department ?? undefined;
  }

  /**
   * The active holders of `role` for a department, by id: its section heads, the
   * leaders responsible for it, or the organisation's principals.
   */
  holders(role: ReviewerRole, departmentId: string, organisationId: string): Promise<Person[]> {
    switch (role) {
      case 'section_head':
        return this.db.query(
          `SELECT id, name FROM users
            WHERE department_id = $1 AND 'section_head' = ANY (roles) AND active ORDER BY id`,
          [departmentId],
        );
      case 'leader':
        return this.db.query(
          `SELECT u.id, u.name FROM leader_departments ld JOIN users u ON u.id = ld.leader_id
            WHERE ld.department_id = $1 AND 'leader' = ANY (u.roles) AND u.active ORDER BY u.id`,
          [departmentId],
        );
      case 'principal':
        return this.db.query(
          `SELECT u.id, u.name FROM users u JOIN departments d ON d.id = u.department_id
            WHERE d.organisation_id = $1 AND 'principal' = ANY (u.roles) AND u.active ORDER BY u.id`,
          [organisationId],
        );
    }
  }

  /** Who stands in for `holderId` at `at` (the newest active delegation to an active user). */
  async activeDelegate(holderId: string, at: Date): Promise<Person | undefined> {
    const [row]: Person[] = await this.db.query(
      `SELECT u.id, u.name FROM delegations d JOIN users u ON u.id = d.delegate_id
        WHERE d.holder_id = $1 AND d.starts_at <= $2 AND d.ends_at > $2 AND d.revoked_at IS NULL AND u.active
        ORDER BY d.created_at DESC, d.id DESC LIMIT 1`,
      [holderId, at],
    );
    return row;
  }
}
