// GET/HEAD/PUT /api/storage/:key – the local-disk driver's signed URLs (lib/storage/local-serve.ts)
import { serveLocalStorage } from '@/lib/storage/local-serve';
import { getStorage } from '@/lib/storage/select';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const handle = async (request: Request, { params }: { params: Promise<{ key: string[] }> }) =>
  serveLocalStorage(request, (await params).key.join('/'), getStorage());

export const GET = handle;
export const HEAD = handle;
export const PUT = handle;
