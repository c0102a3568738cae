// The two mails better-auth asks us to send. The links are the URLs better-auth hands over
// (they carry the base URL each request arrived at), used as they are.
import type { Mail } from './send-mail';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function mail(to: string, subject: string, intro: string, action: string, link: string, outro: string): Mail {
  return {
    to,
    subject,
    link,
    text: `${intro}\n\n${action}:\n${link}\n\n${outro}\n`,
    html: `<p>${escapeHtml(intro)}</p><p><a href="${escapeHtml(link)}">${escapeHtml(action)}</a></p><p>${escapeHtml(outro)}</p>`,
  };
}

export function verificationMail(to: string, link: string): Mail {
  return mail(
    to,
    'Verify your imagedock address',
    'Someone (hopefully you) signed up for imagedock with this address.',
    'Verify your address',
    link,
    'The link works for one hour. If it was not you, ignore this mail.',
  );
}

export function passwordResetMail(to: string, link: string): Mail {
  return mail(
    to,
    'Reset your imagedock password',
    'Someone (hopefully you) asked to reset the password of the imagedock account with this address.',
    'Choose a new password',
    link,
    'The link works for one hour and only once. If it was not you, ignore this mail: your password stays as it is.',
  );
}
