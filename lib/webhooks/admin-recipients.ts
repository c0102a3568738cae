// Who hears admin events (cleanup.completed): the users who are admins now, by the one rule in
// lib/auth/admin-rights.ts. The query only narrows the candidates (a stored grant, or an
// address in ADMIN_EMAILS); isAdmin decides, so an unverified listed address hears nothing.
import { inArray, isNotNull, or, sql } from 'drizzle-orm';
import { isAdmin } from '@/lib/auth/admin-rights';
import type { Executor } from '@/lib/db/types';
import { users } from '@/lib/db/schema';
import { env } from '@/lib/env';

export async function adminUserIds(tx: Executor): Promise<string[]> {
  const listed = env().ADMIN_EMAILS;
  const granted = isNotNull(users.adminGrantedAt);
  const rows = await tx
    .select({ id: users.id, email: users.email, emailVerified: users.emailVerified, adminGrantedAt: users.adminGrantedAt })
    .from(users)
    .where(listed.length > 0 ? or(granted, inArray(sql`lower(${users.email})`, listed)) : granted);
  return rows.filter((user) => isAdmin(user)).map((row) => row.id);
}
