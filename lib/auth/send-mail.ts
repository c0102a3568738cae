// Verification and password-reset mail. With SMTP_URL it goes out through nodemailer; in
// embedded mode without it, the link is written to the server log so the person who ran
// `npm start` can open it; in a deployment without it, mail is off (links in a shared log
// would hand accounts to whoever reads the log).
import type { Transporter } from 'nodemailer';
import { env, type Env } from '@/lib/env';
import { log } from '@/lib/log';

export type MailMode = 'smtp' | 'log' | 'off';

export interface Mail {
  to: string;
  subject: string;
  /** Plain-text body; the link is on a line of its own so any mail client makes it clickable. */
  text: string;
  html: string;
  /** The one link the mail is about (written to the log when mail is not configured). */
  link: string;
}

export function mailMode(config: Pick<Env, 'SMTP_URL' | 'databaseMode'> = env()): MailMode {
  if (config.SMTP_URL) return 'smtp';
  return config.databaseMode === 'pglite' ? 'log' : 'off';
}

function mailFrom(config: Pick<Env, 'MAIL_FROM' | 'APP_URL'> = env()) {
  if (config.MAIL_FROM) return config.MAIL_FROM;
  let host = 'localhost';
  try {
    host = new URL(config.APP_URL ?? 'http://localhost').hostname || host;
  } catch {
    // keep localhost
  }
  return `imagedock <no-reply@${host}>`;
}

const holder = globalThis as unknown as { __imagedockMailer?: Promise<Transporter> };

// nodemailer is loaded on first use: most requests never send mail.
function transporter(smtpUrl: string) {
  holder.__imagedockMailer ??= import('nodemailer').then(({ createTransport }) => createTransport(smtpUrl, { from: mailFrom() }));
  return holder.__imagedockMailer;
}

class MailOffError extends Error {
  constructor() {
    super('Mail is not configured on this server (SMTP_URL is unset)');
  }
}

export async function sendMail(mail: Mail) {
  const config = env();
  switch (mailMode(config)) {
    case 'smtp': {
      const info = await (await transporter(config.SMTP_URL!)).sendMail({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
      log.info({ to: mail.to, subject: mail.subject, messageId: info.messageId }, 'mail sent');
      return;
    }
    case 'log':
      // warn, so it shows at every usual LOG_LEVEL: this is the only copy of the link.
      log.warn({ to: mail.to, subject: mail.subject, link: mail.link }, `Mail not sent (SMTP_URL is unset): open this link to continue: ${mail.link}`);
      return;
    case 'off':
      throw new MailOffError();
  }
}

/** Said once at server start, so an operator knows where the links go. */
export function reportMailMode() {
  const mode = mailMode();
  if (mode === 'smtp') log.info({ from: mailFrom() }, 'mail: sending through SMTP_URL');
  else if (mode === 'log') log.warn('mail: SMTP_URL is unset; verification and password-reset links are written to this log (embedded mode)');
  else
    log.warn(
      'mail: SMTP_URL is unset, so verification and password-reset mails are OFF: nobody can verify an address or reset a password, and ADMIN_EMAILS grant nothing until SMTP_URL is set. Grant admins with `npm run admin -- grant EMAIL`.',
    );
}
