// Admin grants stored in the database (npm run admin -- grant|revoke|list).
import { asc, eq, isNotNull, or, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/lib/db/client';
import { users } from '@/lib/db/schema';
import { isAdmin } from './admin-rights';

export class UnknownUserError extends Error {
  constructor(readonly email: string) {
    super(`No user with the address ${email}: they must sign up first`);
  }
}

const normalised = (email: string) => email.trim().toLowerCase();

/** Grants admin rights; returns false when the user already had a grant. */
export function grantAdmin(db: Db, email: string): Promise<boolean> {
  return setGrant(db, email, true);
}

/** Removes a grant; returns false when there was none. ADMIN_EMAILS still applies. */
export function revokeAdmin(db: Db, email: string): Promise<boolean> {
  return setGrant(db, email, false);
}

async function setGrant(db: Db, email: string, granted: boolean): Promise<boolean> {
  const [user] = await db
    .select({ id: users.id, grantedAt: users.adminGrantedAt })
    .from(users)
    .where(eq(users.email, normalised(email)));
  if (!user) throw new UnknownUserError(normalised(email));
  if (Boolean(user.grantedAt) === granted) return false;
  await db
    .update(users)
    .set({ adminGrantedAt: granted ? new Date() : null, updatedAt: new Date() })
    .where(eq(users.id, user.id));
  return true;
}

export interface AdminEntry {
  email: string;
  /** null: listed in ADMIN_EMAILS but nobody has signed up with it. */
  emailVerified: boolean | null;
  grantedAt: Date | null;
  listed: boolean;
  isAdmin: boolean;
}

/** Every grant and every ADMIN_EMAILS entry, with whether it makes an admin today. */
export async function listAdmins(db: Db, adminEmails: string[]): Promise<AdminEntry[]> {
  const listed = new Set(adminEmails);
  const rows = await db
    .select({ email: users.email, emailVerified: users.emailVerified, grantedAt: users.adminGrantedAt })
    .from(users)
    .where(adminEmails.length > 0 ? or(isNotNull(users.adminGrantedAt), inArray(users.email, adminEmails)) : isNotNull(users.adminGrantedAt))
    .orderBy(asc(sql`lower(${users.email})`));
  const entries: AdminEntry[] = rows.map((row) => {
    const isListed = listed.has(row.email);
    return { ...row, listed: isListed, isAdmin: isAdmin({ ...row, adminGrantedAt: row.grantedAt }, adminEmails) };
  });
  const known = new Set(rows.map((row) => row.email));
  for (const email of adminEmails) {
    if (!known.has(email)) entries.push({ email, emailVerified: null, grantedAt: null, listed: true, isAdmin: false });
  }
  return entries;
}
