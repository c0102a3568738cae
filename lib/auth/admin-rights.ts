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

export function isAdmin(user: AdminFacts) {
  return Boolean(user.adminGrantedAt) || (user.emailVerified && isListedAdminEmail(user.email));
}

/** Listed in ADMIN_EMAILS but not verified yet: admin once the mailed link is followed. */
export function awaitsVerificationForAdmin(user: AdminFacts) {
  return !isAdmin(user) && !user.emailVerified && isListedAdminEmail(user.email);
}
