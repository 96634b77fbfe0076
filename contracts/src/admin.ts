import {
  ALLOCATION_MODES,
  FREE_CHOICE_MODES,
  SIBLING_PRIORITY_MODES,
  WORK_ROLES,
} from '@kezek/domain';
import { z } from 'zod';
import {
  bilingualNameSchema,
  dateSchema,
  iinSchema,
  idSchema,
  languageSchema,
  pageOf,
  pageQuerySchema,
  phoneSchema,
  trilingualNameSchema,
} from './common.ts';
import { kindergartenSchema, kindergartenTypeSchema } from './reference.ts';

export const createRegionSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]{2,40}$/, { message: 'Lower-case letters, digits and dashes, 2–40' }),
  name: trilingualNameSchema,
});
export const updateRegionSchema = createRegionSchema.partial();

export const createDistrictSchema = z.object({ regionId: idSchema, name: trilingualNameSchema });
export const updateDistrictSchema = z.object({ name: trilingualNameSchema });

export const createKindergartenSchema = z.object({
  districtId: idSchema,
  name: bilingualNameSchema,
  type: kindergartenTypeSchema,
  languages: z
    .array(languageSchema)
    .min(1)
    .refine((list) => new Set(list).size === list.length, { message: 'Languages repeat' }),
  address: z.string().trim().min(1).max(500),
  lat: z.number().min(-90).max(90).nullable().optional(),
  lon: z.number().min(-180).max(180).nullable().optional(),
  phone: phoneSchema.nullable().optional(),
  website: z.url().max(300).nullable().optional(),
  email: z.email().max(254).nullable().optional(),
  ownerIin: iinSchema.nullable().optional(),
  /** The organisation's BIN: employee certificates (OU=BIN…) sign for the kindergarten with it. */
  bin: z
    .string()
    .regex(/^\d{12}$/, { message: 'BIN is 12 digits' })
    .nullable()
    .optional(),
});
export const updateKindergartenSchema = createKindergartenSchema.partial();
export type CreateKindergarten = z.infer<typeof createKindergartenSchema>;

export const adminKindergartenSchema = kindergartenSchema
  .extend({
    email: z.string().nullable(),
    ownerIin: z.string().nullable(),
    bin: z.string().nullable(),
  })
  .meta({ id: 'AdminKindergarten' });
export const adminKindergartenQuerySchema = pageQuerySchema.extend({
  districtId: idSchema.optional(),
  type: kindergartenTypeSchema.optional(),
  language: languageSchema.optional(),
  q: z.string().trim().max(100).optional(),
});
export const adminKindergartenPageSchema = pageOf(adminKindergartenSchema);

/** The work roles an administrator gives (docs/rules.md, "Accounts and roles"). */
export const STAFF_ROLES = WORK_ROLES;
export const staffRoleSchema = z.enum(STAFF_ROLES);

export const createStaffSchema = z
  .object({
    iin: iinSchema,
    fullName: z.string().trim().min(3).max(300),
    password: z.string().min(10, { message: 'At least 10 characters' }).max(200),
    role: staffRoleSchema,
    kindergartenIds: z.array(idSchema).max(100).optional(),
    districtIds: z.array(idSchema).max(100).optional(),
  })
  .superRefine((staff, context) => {
    // Deny by default: a staff member or officer without a scope could see nothing useful anyway.
    if (staff.role === 'staff' && !staff.kindergartenIds?.length) {
      context.addIssue({
        code: 'custom',
        path: ['kindergartenIds'],
        message: 'Choose at least one kindergarten',
        params: { code: 'scope_required' },
      });
    }
    if (staff.role === 'officer' && !staff.districtIds?.length) {
      context.addIssue({
        code: 'custom',
        path: ['districtIds'],
        message: 'Choose at least one district',
        params: { code: 'scope_required' },
      });
    }
  });
export const updateStaffSchema = z.object({
  fullName: z.string().trim().min(3).max(300).optional(),
  password: z.string().min(10, { message: 'At least 10 characters' }).max(200).optional(),
  role: staffRoleSchema.optional(),
  kindergartenIds: z.array(idSchema).max(100).optional(),
  districtIds: z.array(idSchema).max(100).optional(),
  active: z.boolean().optional(),
});
export type CreateStaff = z.infer<typeof createStaffSchema>;

export const staffAccountSchema = z
  .object({
    id: z.number().int(),
    iin: z.string(),
    fullName: z.string(),
    role: staffRoleSchema,
    kindergartenIds: z.array(z.number().int()),
    districtIds: z.array(z.number().int()),
    active: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'StaffAccount' });
export const staffQuerySchema = pageQuerySchema.extend({
  role: staffRoleSchema.optional(),
  q: z.string().trim().max(100).optional(),
});
export const staffPageSchema = pageOf(staffAccountSchema);

const positive = z.number().int().min(1);
export const policySchema = z
  .object({
    ageLimitYears: positive.max(10),
    turnWindowDays: positive.max(30),
    enrolWorkingDays: positive.max(60),
    stopListWorkingDays: z.number().int().min(0).max(120),
    maxExpiries: positive.max(10),
    extensionMaxDays: z.number().int().min(0).max(90),
    revokeHours: z.number().int().min(0).max(240),
    interestMonths: positive.max(36),
    firstPriorityRatio: z.tuple([positive.max(20), positive.max(20)]).readonly(),
    privateMinAgeYears: z.number().int().min(0).max(7),
    benefitDocMaxAgeDays: positive.max(365),
    allocation: z.enum(ALLOCATION_MODES),
    freeChoice: z.enum(FREE_CHOICE_MODES),
    freeChoiceWindowMinutes: z.number().int().min(5).max(1440),
    siblingPriority: z.enum(SIBLING_PRIORITY_MODES),
  })
  .meta({ id: 'Policy' });
export const policyQuerySchema = z.object({ regionId: idSchema });

export const CALENDAR_KINDS = ['holiday', 'workday'] as const;
export const calendarOverrideBodySchema = z.object({
  kind: z.enum(CALENDAR_KINDS),
  name: z.string().trim().min(1).max(200),
});
export const calendarDateParamsSchema = z.object({ date: dateSchema });
export const calendarQuerySchema = z.object({ year: z.coerce.number().int().min(2000).max(2100) });
export const calendarDaySchema = z
  .object({
    date: z.string(),
    kind: z.enum(CALENDAR_KINDS),
    name: z.string(),
    source: z.enum(['law', 'override']),
  })
  .meta({ id: 'CalendarDay' });
export const calendarYearSchema = z.object({
  year: z.number().int(),
  items: z.array(calendarDaySchema),
});

export { dateSchema };
