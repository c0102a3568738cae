// GET/HEAD/PUT /api/storage/:key – the local-disk driver's signed URLs (lib/storage/local-serve.ts)
import { serveLocalStorage } from '@/lib/storage/local-serve';
import { getStorage } from '@/lib/storage/select';
import { counted } from '@/lib/http/counted';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const handle = counted(async (request: Request, { params }: { params: Promise<{ key: string[] }> }) =>
  serveLocalStorage(request, (await params).key.join('/'), getStorage()),
);

export const GET = handle;
export const HEAD = handle;
export const PUT = handle;
