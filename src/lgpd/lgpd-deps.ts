import type { StaffDeps } from '../staff/staff-deps';

/** What the LGPD functions need from the composition root (a subset of the staff domain's). */
export type LgpdDeps = Pick<StaffDeps, 'database' | 'clock' | 'logger' | 'crypto'> & Partial<Pick<StaffDeps, 'bus'>>;
