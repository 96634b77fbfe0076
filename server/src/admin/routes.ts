import type { FastifyPluginAsync } from 'fastify';
import { calendarAdminRoutes } from './calendar.ts';
import { kindergartenAdminRoutes } from './kindergartens.ts';
import { policyAdminRoutes } from './policy.ts';
import { regionAdminRoutes } from './regions.ts';
import { staffAdminRoutes } from './staff.ts';

export const adminRoutes: FastifyPluginAsync = async (app) => {
  await app.register(regionAdminRoutes);
  await app.register(kindergartenAdminRoutes);
  await app.register(staffAdminRoutes);
  await app.register(policyAdminRoutes);
  await app.register(calendarAdminRoutes);
};
