// A real SMTP server on loopback (smtp-server) that keeps every mail it receives, so tests
// read what the app really sent and follow its links.
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { pollUntil } from './poll';

interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  /** The message with quoted-printable soft breaks and escapes undone. */
  text: string;
}

export interface Mailbox {
  /** smtp://127.0.0.1:PORT for SMTP_URL. */
  url: string;
  mails: ReceivedMail[];
  /** The first mail to `to` whose subject matches, waiting up to `timeoutMs` for it. */
  waitFor(to: string, subject: RegExp, timeoutMs?: number): Promise<ReceivedMail>;
  /** The first http(s) link in the mail that contains `part`. */
  linkIn(mail: ReceivedMail, part: string): string;
  close(): Promise<void>;
}

function decodeQuotedPrintable(raw: string) {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export async function startMailbox(): Promise<Mailbox> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    // Plain SMTP on loopback: no TLS upgrade (its built-in certificate would be refused), no login.
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const subject = raw.match(/^Subject: (.*)$/m)?.[1]?.trim() ?? '';
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          subject,
          text: decodeQuotedPrintable(raw),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async waitFor(to, subject, timeoutMs = 15_000) {
      const found = () => mails.find((m) => m.to.includes(to.toLowerCase()) && subject.test(m.subject));
      await pollUntil(
        () => mails.map((m) => `${m.to} "${m.subject}"`),
        () => found() !== undefined,
        { what: `a mail to ${to} matching ${subject}`, timeoutMs },
      );
      return found()!;
    },
    linkIn(mail, part) {
      const link = mail.text.match(/https?:\/\/[^\s<>"']+/g)?.find((l) => l.includes(part));
      if (!link) throw new Error(`no link containing ${part} in:\n${mail.text}`);
      return link;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * In embedded mode without SMTP_URL the app writes each mail's link to its log (pino JSON
 * lines): the last link mailed to `to` that contains `part`, or null.
 */
export function linkFromLog(output: string, to: string, part: string): string | null {
  let found: string | null = null;
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as { to?: string; link?: string };
      if (entry.to?.toLowerCase() === to.toLowerCase() && entry.link?.includes(part)) found = entry.link;
    } catch {
      // not a log line
    }
  }
  return found;
}
