// Standard Webhooks signing (the `standardwebhooks` reference library). During a rotation
// the previous secret signs too: receivers accept any one of the space-separated signatures.
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** `whsec_` + base64 of 32 random bytes, the format Standard Webhooks libraries take. */
export function newWebhookSecret() {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export function signatureHeaders(input: { id: string; body: string; secrets: string[]; at: Date }) {
  const signature = input.secrets.map((secret) => new Webhook(secret).sign(input.id, input.at, input.body)).join(' ');
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(Math.floor(input.at.getTime() / 1000)),
    'webhook-signature': signature,
  };
}
