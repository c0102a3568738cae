// Who is an admin (SPEC §3): a verified address listed in ADMIN_EMAILS, or a grant stored by
// `npm run admin -- grant EMAIL`. An address nobody has verified grants nothing: anyone can
// sign up with it.
import { env } from '@/lib/env';

export interface AdminFacts {
  email: string;
  emailVerified: boolean;
  adminGrantedAt?: Date | string | null;
}

function isListedAdminEmail(email: string) {
  return env().ADMIN_EMAILS.includes(email.toLowerCase());
}

/** `adminEmails`: ADMIN_EMAILS as configured, unless a caller (the admin CLI) passes the list. */
export function isAdmin(user: AdminFacts, adminEmails: readonly string[] = env().ADMIN_EMAILS) {
  return Boolean(user.adminGrantedAt) || (user.emailVerified && adminEmails.includes(user.email.toLowerCase()));
}

/**
 * Listed in ADMIN_EMAILS but not verified yet: admin once the mailed link is followed. Takes the
 * caller's decided `isAdmin` (require.ts), which counts a grant: the caller carries no grant date.
 */
export function awaitsVerificationForAdmin(user: { email: string; emailVerified: boolean; isAdmin: boolean }) {
  return !user.isAdmin && !user.emailVerified && isListedAdminEmail(user.email);
}
