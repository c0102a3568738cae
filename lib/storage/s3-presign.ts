// Fast presigned URLs with the SDK's own parts. getSignedUrl() clones the client's
// middleware stack, resolves endpoint rules and builds a fresh signer (an empty
// signing-key cache) on every call: ~0.5 ms per URL, and a gallery page signs up to 200.
// Here the SDK serializes each operation ONCE for a placeholder key (endpoint, path
// style, host, query all decided by the SDK); each call copies that request, puts the
// key (a path of `[A-Za-z0-9/_.-]`, which needs no escaping) and its values in, and signs
// it with the SDK's S3RequestPresigner, the one getSignedUrl uses, kept per template so
// its signing-key cache lives. No signing is written here.
// s3-presign.test.ts pins the output to getSignedUrl's, byte for byte.
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { formatUrl } from '@aws-sdk/core/util';
import { S3RequestPresigner } from '@aws-sdk/s3-request-presigner';

type SdkRequest = Parameters<S3RequestPresigner['presign']>[0] & { query: Query };
type Query = NonNullable<Parameters<S3RequestPresigner['presign']>[0]['query']>;
type Operation = 'put' | 'get';

const KEY = 'imagedock-template-key';
// Placeholder values that let us find where the SDK put each response override.
const MARK = { contentType: 'imagedock-mark-type', disposition: 'imagedock-mark-disposition', cacheControl: 'imagedock-mark-cache' };
// The per-call headers getSignedUrl strips before presigning, and user-agent, which is
// never signed nor put in the URL (dropping it only saves work).
const UNSENT_HEADERS = ['amz-sdk-invocation-id', 'amz-sdk-request', 'x-amz-user-agent', 'user-agent'];

interface Template {
  request: SdkRequest;
  /** Query parameters where the SDK put each response override, e.g. response-content-type. */
  overrideParams: [string, keyof GetOverrides][];
  /** The query parameters every URL carries (x-id), as strings. */
  fixedQuery: [string, string][];
  presigner: S3RequestPresigner;
  signingRegion: string;
  signingService: string | undefined;
}

export interface GetOverrides {
  contentType?: string;
  disposition?: string;
  cacheControl?: string;
}

export class S3UrlPresigner {
  private readonly templates = new Map<Operation, Promise<Template>>();

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, contentType: string, contentLength: number, expiresIn: number, signableHeaders: Set<string>) {
    const template = await this.template('put');
    const headers = { ...template.request.headers, 'content-type': contentType, 'content-length': String(contentLength) };
    return sign(template, key, headers, template.fixedQuery, { expiresIn, signableHeaders });
  }

  async get(key: string, expiresIn: number, overrides: GetOverrides) {
    const template = await this.template('get');
    const query = [...template.fixedQuery];
    for (const [name, field] of template.overrideParams) {
      const value = overrides[field];
      if (value !== undefined) query.push([name, value]);
    }
    return sign(template, key, { ...template.request.headers }, query, { expiresIn });
  }

  private template(operation: Operation): Promise<Template> {
    let template = this.templates.get(operation);
    if (!template) {
      template = this.capture(operation);
      // A failed capture (e.g. bad configuration) is retried on the next call.
      template.catch(() => this.templates.delete(operation));
      this.templates.set(operation, template);
    }
    return template;
  }

  // Runs the command through the client's middleware, as getSignedUrl does, and stops
  // just before signing to keep the serialized request and the signing scope.
  private async capture(operation: Operation): Promise<Template> {
    const command =
      operation === 'put'
        ? new PutObjectCommand({ Bucket: this.bucket, Key: KEY, ContentType: 'x', ContentLength: 0 })
        : new GetObjectCommand({
            Bucket: this.bucket,
            Key: KEY,
            ResponseContentType: MARK.contentType,
            ResponseContentDisposition: MARK.disposition,
            ResponseCacheControl: MARK.cacheControl,
          });
    const stack = this.client.middlewareStack.clone();
    stack.addRelativeTo(
      (_next: unknown, context: Record<string, unknown>) => async (args: { request: unknown }) => ({
        output: { $metadata: {}, captured: { request: args.request, context } },
        response: {},
      }),
      { name: 'imagedockPresignTemplate', relation: 'before', toMiddleware: 'awsAuthMiddleware', override: true },
    );
    const handler = command.resolveMiddleware(stack as never, this.client.config, {});
    const { output } = (await handler({ input: command.input } as never)) as unknown as {
      output: { captured: { request: SdkRequest; context: CapturedContext } };
    };
    const { request, context } = output.captured;
    request.query ??= {};
    for (const name of UNSENT_HEADERS) delete request.headers[name];
    const fields = Object.keys(MARK) as (keyof GetOverrides)[];
    const overrideParams = Object.entries(request.query).flatMap(([name, value]): [string, keyof GetOverrides][] => {
      const field = fields.find((f) => MARK[f] === value);
      return field ? [[name, field]] : [];
    });
    assertTemplate(request, operation, overrideParams.length);
    const authScheme = context.endpointV2?.properties?.authSchemes?.[0];
    const region = authScheme?.name === 'sigv4a' ? authScheme.signingRegionSet?.join(',') : authScheme?.signingRegion;
    // As getSignedUrl builds its presigner and options (its region, name and the context's).
    const presigner = new S3RequestPresigner({ ...this.client.config, signingName: authScheme?.signingName, region: async () => region as string });
    const signingRegion = context.signing_region ?? region ?? (await this.client.config.region());
    const overridden = new Set(overrideParams.map(([name]) => name));
    const fixedQuery = Object.entries(request.query).filter(([name]) => !overridden.has(name)) as [string, string][];
    return { request, overrideParams, fixedQuery, presigner, signingRegion, signingService: context.signing_service };
  }
}

interface CapturedContext {
  signing_region?: string;
  signing_service?: string;
  endpointV2?: {
    properties?: { authSchemes?: { name?: string; signingName?: string; signingRegion?: string; signingRegionSet?: string[] }[] };
  };
}

const pathFor = (template: SdkRequest, key: string) => template.path.slice(0, -KEY.length) + key;

async function sign(
  template: Template,
  key: string,
  headers: Record<string, string>,
  query: [string, string][],
  options: { expiresIn: number; signableHeaders?: Set<string> },
) {
  // A fresh request each call: the presigner adds headers to the one it is given.
  const request = { ...template.request, headers, path: pathFor(template.request, key), query: Object.fromEntries(query) };
  const presigned = await template.presigner.presign(request as SdkRequest, {
    ...options,
    signingRegion: template.signingRegion,
    signingService: template.signingService,
  });
  return formatUrl(presigned);
}

// If a future SDK serializes differently (key escaped, key in the host...), fail loudly
// rather than sign the wrong thing.
function assertTemplate(request: SdkRequest, operation: Operation, overrideCount: number) {
  const occurrences = JSON.stringify(request).split(KEY).length - 1;
  const problems = [
    !request.path.endsWith(`/${KEY}`) || occurrences !== 1 ? 'the key is not the last path segment' : null,
    operation === 'put' && !('content-type' in request.headers && 'content-length' in request.headers) ? 'no content headers' : null,
    operation === 'get' && overrideCount !== Object.keys(MARK).length ? 'response overrides missing' : null,
    Object.values(request.query).some((v) => typeof v !== 'string') ? 'a query value that is not a string' : null,
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(`S3 presign template unusable (${problems.join(', ')}); SDK changed?`);
}
