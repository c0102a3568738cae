import { route } from '@/lib/http/route';
import { withBudgetedBody } from '@/lib/http/body';
import { getDb } from '@/lib/db/client';
import { getStorage } from '@/lib/storage/select';
import { env } from '@/lib/env';
import { listImagesQuery, searchParamsOf } from '@/lib/images/schemas';
import { listImages } from '@/lib/images/list-images';
import { idempotencyKeyHeader } from '@/lib/generated/schemas';
import { parseGeneratedBody } from '@/lib/generated/parse-generated-body';
import { generatedBodyLimit } from '@/lib/generated/decode-image-data';
import { createGeneratedImage } from '@/lib/generated/create-generated-image';
import { requestHash } from '@/lib/generated/idempotency';

export const dynamic = 'force-dynamic';

// GET /api/images – the caller's images, filtered, in gallery order, one page at a time
export const GET = route({ auth: 'apiKeyOrUser', rateLimit: 'service' }, async ({ request, user }) => {
  const query = listImagesQuery.parse(searchParamsOf(request));
  return Response.json(await listImages(await getDb(), getStorage(), { userId: user.id, query }));
});

// POST /api/images – a service stores a generated PNG for its user (idempotent, rate limited)
export const POST = route({ auth: 'apiKeyOrUser', rateLimit: 'service' }, async ({ request, user, signal }) => {
  const header = request.headers.get('idempotency-key');
  const idempotencyKey = header === null ? null : idempotencyKeyHeader.parse(header);
  return withBudgetedBody(request, user.id, generatedBodyLimit(env().GENERATED_MAX_BYTES), signal, async (rawBody) => {
    const idempotency = idempotencyKey === null ? null : { key: idempotencyKey, requestHash: requestHash(rawBody) };
    const input = parseGeneratedBody(rawBody);
    const answer = await createGeneratedImage(await getDb(), getStorage(), { userId: user.id, input, idempotency });
    return Response.json(answer.body, { status: answer.status, headers: answer.replayed ? { 'Idempotent-Replayed': 'true' } : {} });
  });
});
