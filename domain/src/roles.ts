/**
 * An account's roles come from two sources that never overwrite each other (docs/rules.md,
 * "Accounts and roles"): a work role (kindergarten staff, education department officer,
 * administrator) given and taken by administration, and the citizen role (applicant) that a
 * person's own EDS sign-in gives. Switching the employee off ends the work role only: the same
 * person still signs in as a parent with their personal key.
 */
export const WORK_ROLES = ['staff', 'officer', 'admin'] as const;
export type WorkRole = (typeof WORK_ROLES)[number];
export const CITIZEN_ROLE = 'applicant';
export type AccountRole = WorkRole | typeof CITIZEN_ROLE;

export function isWorkRole(role: string): role is WorkRole {
  return (WORK_ROLES as readonly string[]).includes(role);
}

/** The roles an account acts with now: its work roles only while its employment is active. */
export function rolesInEffect<R extends string>(roles: readonly R[], workActive: boolean): R[] {
  return roles.filter((role) => workActive || !isWorkRole(role));
}

/** The roles after administration sets the work role: the citizen role stays as it was. */
export function withWorkRole<R extends string>(roles: readonly R[], workRole: WorkRole): string[] {
  return [workRole, ...roles.filter((role) => !isWorkRole(role))];
}

/** The roles after a sign-in with a personal (not an employee) certificate. */
export function withCitizenRole<R extends string>(roles: readonly R[]): string[] {
  return roles.includes(CITIZEN_ROLE as R) ? [...roles] : [...roles, CITIZEN_ROLE];
}
