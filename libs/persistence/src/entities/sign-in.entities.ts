// Password sign-in (issue 10): sessions, lockout counters and the audit of
// attempts. The migration 1764300007000-sign-in-and-dashboard is the source of truth.
import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { UserRecord } from './publication.entities';

/** A signed-in browser. `id` is the SHA-256 (hex) of the cookie value; the value itself is never stored. */
@Entity({ name: 'sessions' })
@Index('sessions_user_idx', ['userId'])
@Index('sessions_expires_idx', ['expiresAt'])
export class SessionRecord {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'user_id', type: 'text' })
  @ForeignKey(() => UserRecord, { name: 'sessions_user_id_fkey', onDelete: 'CASCADE' })
  userId!: string;

  @Column({ name: 'csrf_token', type: 'text' })
  csrfToken!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  /** The absolute end (SESSION_MAX_HOURS after sign-in). */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  /** Idle expiry counts from here (SESSION_IDLE_MINUTES). */
  @Column({ name: 'last_seen_at', type: 'timestamptz', default: () => 'now()' })
  lastSeenAt!: Date;
}

/** Consecutive failed sign-ins per normalised username, whether or not such a user exists. */
@Entity({ name: 'sign_in_lockouts' })
@Check('sign_in_lockouts_failures_check', 'failures >= 0')
export class SignInLockoutRecord {
  @PrimaryColumn({ type: 'text' })
  username!: string;

  @Column({ type: 'integer', default: 0 })
  failures!: number;

  @Column({ name: 'last_failure_at', type: 'timestamptz', nullable: true })
  lastFailureAt!: Date | null;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;
}

/** The audit of every sign-in attempt. `locked_until` is set on the failure that started a lock. */
@Entity({ name: 'sign_in_events' })
@Check('sign_in_events_outcome_check', `outcome IN ('success', 'failure', 'locked')`)
@Index('sign_in_events_username_idx', ['username', 'at'])
@Index('sign_in_events_at_idx', ['at'])
export class SignInEventRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text' })
  username!: string;

  @Column({ name: 'user_id', type: 'text', nullable: true })
  userId!: string | null;

  @Column({ type: 'text' })
  outcome!: 'success' | 'failure' | 'locked';

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ type: 'text', nullable: true })
  ip!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;
}

export const signInEntities = [SessionRecord, SignInLockoutRecord, SignInEventRecord];
