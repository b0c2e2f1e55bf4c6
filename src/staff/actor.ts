import type { StaffRole } from '../db/schema';
import { staffError } from './staff-errors';

/**
 * Who is acting: a logged-in staff member (inbox) or an API token. Every staff-domain function
 * takes one, scopes every query to `clinicId` and checks `role` through `requirePermission`.
 */
export interface Actor {
  kind: 'staff' | 'api';
  /** staff_users.id or api_tokens.id. */
  id: string;
  clinicId: string;
  role: StaffRole;
  /** E-mail of the staff member or name of the token, for display. */
  label: string;
  /** Display name of a staff member ('' for tokens). */
  name: string;
  ip?: string | null;
}

/** The staff member's id when the actor is a person (claims and replies are attributed to it). */
export function staffIdOf(actor: Actor): string | null {
  return actor.kind === 'staff' ? actor.id : null;
}

/** The `actor` string of appointment_events: 'staff:<id>' or 'api:<token id>'. */
export function actorRef(actor: Actor): string {
  return `${actor.kind}:${actor.id}`;
}

export type Permission = 'manage_staff' | 'manage_tokens' | 'view_panel' | 'view_audit' | 'view_health_data' | 'manage_data_rights';

/**
 * What each role may do beyond the daily inbox work (which both roles do): owners manage the team
 * and API tokens, see the panel and the audit log, and may open screening answers. LGPD requests
 * (export, erasure, closing a request) are owners' too: an export carries the CPF and the health
 * answers, and an erasure cannot be undone — the controller answers for both (LGPD art. 18, 37).
 */
const OWNER_ONLY: readonly Permission[] = ['manage_staff', 'manage_tokens', 'view_panel', 'view_audit', 'view_health_data', 'manage_data_rights'];

export function can(actor: Pick<Actor, 'role'>, permission: Permission): boolean {
  return actor.role === 'owner' || !OWNER_ONLY.includes(permission);
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw staffError('FORBIDDEN', `${actor.kind} ${actor.id} (${actor.role}) lacks ${permission}`);
}
