import { route } from '@/lib/http/route';
import { readCappedText } from '@/lib/http/body';
import { getDb } from '@/lib/db/client';
import { getStorage } from '@/lib/storage/select';
import { handlePaymentWebhook } from '@/lib/payments/handle-payment-event';

export const dynamic = 'force-dynamic';

// POST /api/webhooks/payment – Stripe-format events; the signature is checked on the raw body
export const POST = route({ auth: 'none' }, async ({ request }) => {
  const rawBody = await readCappedText(request, 512 * 1024);
  const result = await handlePaymentWebhook(await getDb(), getStorage(), { rawBody, signature: request.headers.get('stripe-signature') });
  return Response.json(result);
});
