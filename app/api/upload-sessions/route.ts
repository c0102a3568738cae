import { route } from '@/lib/http/route';
import { getDb } from '@/lib/db/client';
import { createUploadSession } from '@/lib/uploads/create-upload-session';

export const dynamic = 'force-dynamic';

// POST /api/upload-sessions – a temporary area for a listing that does not exist yet
export const POST = route({ auth: 'user' }, async ({ user }) => {
  return Response.json(await createUploadSession(await getDb(), { userId: user.id }), { status: 201 });
});
