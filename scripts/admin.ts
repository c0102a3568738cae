// npm run admin -- grant EMAIL | revoke EMAIL | list [--json]: admin rights stored in the
// database, beside the verified addresses in ADMIN_EMAILS (SPEC §3, §6).
import { parseArgs } from 'node:util';
import { CliError, openForCli, runCli } from '@/lib/cli/open-for-cli';
import { env } from '@/lib/env';
import { grantAdmin, listAdmins, revokeAdmin, UnknownUserError } from '@/lib/auth/admin-grants';

const HELP = `Grant, revoke and list admin rights. An admin is a user with a grant, or a user whose
verified address is listed in ADMIN_EMAILS. A grant needs no verified address: you vouch for it.

Usage: npm run admin -- <command> [options]
  grant EMAIL    give the user with this address admin rights (they must have signed up)
  revoke EMAIL   take the grant away (ADMIN_EMAILS still applies while the address is listed)
  list           every grant and every ADMIN_EMAILS entry, and whether it makes an admin now
  --json         print the result as JSON
  -h, --help     this text

Exit status: 0 on success, 1 on failure (unknown address, bad usage, database unreachable).`;

const NO_SERVER_EQUIVALENT = 'nothing: admin grants have no HTTP equivalent. Stop the server while this runs, or move to PostgreSQL (DATABASE_URL)';

runCli(async () => {
  const { values, positionals } = parseArgs({
    options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
    allowPositionals: true,
    strict: true,
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(HELP);
    return values.help ? 0 : 1;
  }
  if (!['grant', 'revoke', 'list'].includes(command)) throw new CliError(`Unknown command "${command}": use grant, revoke or list (--help)`);
  if (command === 'list' ? rest.length !== 0 : rest.length !== 1) {
    throw new CliError(command === 'list' ? 'list takes no address' : `${command} takes exactly one address: npm run admin -- ${command} EMAIL`);
  }
  const email = rest[0]?.trim().toLowerCase();
  if (email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(email)) throw new CliError(`"${rest[0]}" is not an email address`);

  const { handle } = await openForCli(NO_SERVER_EQUIVALENT);
  try {
    if (command === 'list') {
      const entries = await listAdmins(handle.db, env().ADMIN_EMAILS);
      if (values.json) console.log(JSON.stringify({ admins: entries }));
      else {
        for (const e of entries) {
          const why = [
            e.grantedAt ? `granted ${e.grantedAt.toISOString()}` : null,
            e.listed ? `ADMIN_EMAILS (${e.emailVerified === null ? 'not signed up' : e.emailVerified ? 'verified' : 'not verified'})` : null,
          ]
            .filter(Boolean)
            .join(', ');
          console.log(`  ${e.isAdmin ? 'admin    ' : 'not admin'}  ${e.email}  ${why}`);
        }
        console.log(
          `${entries.filter((e) => e.isAdmin).length} admin(s); ${entries.filter((e) => e.grantedAt).length} grant(s), ${env().ADMIN_EMAILS.length} address(es) in ADMIN_EMAILS`,
        );
      }
      return 0;
    }
    const changed = command === 'grant' ? await grantAdmin(handle.db, email!) : await revokeAdmin(handle.db, email!);
    const message =
      command === 'grant'
        ? changed
          ? `Granted admin rights to ${email}`
          : `${email} already had admin rights (nothing changed)`
        : changed
          ? `Revoked the admin grant of ${email}${env().ADMIN_EMAILS.includes(email!) ? ' (still listed in ADMIN_EMAILS: admin while that address is verified)' : ''}`
          : `${email} had no grant (nothing changed)`;
    console.log(values.json ? JSON.stringify({ command, email, changed }) : message);
    return 0;
  } catch (err) {
    if (err instanceof UnknownUserError) throw new CliError(err.message);
    throw err;
  } finally {
    await handle.close();
  }
});
