import { describe, expect, it } from 'vitest';
import { rolesInEffect, withCitizenRole, withWorkRole } from './roles.ts';

describe('rolesInEffect', () => {
  it.each([
    { roles: ['staff', 'applicant'], workActive: true, inEffect: ['staff', 'applicant'] },
    { roles: ['staff', 'applicant'], workActive: false, inEffect: ['applicant'] },
    { roles: ['admin'], workActive: false, inEffect: [] },
    { roles: ['officer'], workActive: true, inEffect: ['officer'] },
    { roles: ['applicant'], workActive: false, inEffect: ['applicant'] },
    { roles: [], workActive: true, inEffect: [] },
  ])(
    '$roles with the work active=$workActive act as $inEffect',
    ({ roles, workActive, inEffect }) => {
      expect(rolesInEffect(roles, workActive)).toEqual(inEffect);
    },
  );
});

describe('withWorkRole', () => {
  it.each([
    {
      roles: ['staff', 'applicant'],
      workRole: 'officer' as const,
      after: ['officer', 'applicant'],
    },
    { roles: ['staff'], workRole: 'admin' as const, after: ['admin'] },
    { roles: ['applicant'], workRole: 'staff' as const, after: ['staff', 'applicant'] },
    { roles: ['admin', 'officer'], workRole: 'staff' as const, after: ['staff'] },
  ])('$roles given the work role $workRole become $after', ({ roles, workRole, after }) => {
    expect(withWorkRole(roles, workRole)).toEqual(after);
  });
});

describe('withCitizenRole', () => {
  it.each([
    { roles: ['staff'], after: ['staff', 'applicant'] },
    { roles: ['staff', 'applicant'], after: ['staff', 'applicant'] },
    { roles: [], after: ['applicant'] },
  ])('$roles after a personal sign-in become $after', ({ roles, after }) => {
    expect(withCitizenRole(roles)).toEqual(after);
  });
});
