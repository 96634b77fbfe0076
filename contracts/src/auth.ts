import { CITIZEN_ROLE, WORK_ROLES } from '@kezek/domain';
import { z } from 'zod';
import { emailSchema, iinSchema, phoneSchema } from './common.ts';

export const ROLES = [CITIZEN_ROLE, ...WORK_ROLES] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const passwordSignInSchema = z.object({
  iin: iinSchema,
  password: z.string().min(1).max(200),
});

export const userSchema = z
  .object({
    iin: z.string(),
    fullName: z.string(),
    roles: z.array(roleSchema),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    kindergartenIds: z.array(z.number().int()),
    districtIds: z.array(z.number().int()),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof userSchema>;

export const signedInSchema = z.object({ user: userSchema });
export const meSchema = z.object({ user: userSchema, csrfToken: z.string() });
export type Me = z.infer<typeof meSchema>;

export const updateMeSchema = z.object({
  email: emailSchema.optional(),
  phone: phoneSchema.optional(),
});
