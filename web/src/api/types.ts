import type { z } from 'zod';
import type {
  adminKindergartenPageSchema,
  adminKindergartenSchema,
  calendarDaySchema,
  calendarYearSchema,
  createdSchema,
  groupYearsSchema,
  kindergartenListSchema,
  placeListSchema,
  policySchema,
  regionListSchema,
  staffAccountSchema,
  staffPageSchema,
} from '@kezek/contracts';

export type {
  District,
  Kindergarten,
  KindergartenType,
  Language,
  PlaceBatch,
  Region,
  Role,
  User,
} from '@kezek/contracts';

export type AdminKindergarten = z.infer<typeof adminKindergartenSchema>;
export type AdminKindergartenPage = z.infer<typeof adminKindergartenPageSchema>;
export type StaffAccount = z.infer<typeof staffAccountSchema>;
export type StaffPage = z.infer<typeof staffPageSchema>;
export type StaffRole = StaffAccount['role'];
export type Policy = z.infer<typeof policySchema>;
export type CalendarDay = z.infer<typeof calendarDaySchema>;
export type CalendarYear = z.infer<typeof calendarYearSchema>;
export type RegionList = z.infer<typeof regionListSchema>;
export type KindergartenList = z.infer<typeof kindergartenListSchema>;
export type Created = z.infer<typeof createdSchema>;
export type PlaceList = z.infer<typeof placeListSchema>;
export type PlaceState = PlaceList['items'][number]['state'];
export type GroupYears = z.infer<typeof groupYearsSchema>;
