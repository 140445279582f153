import { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';

/** What every handler needs to know about the request besides the request itself. */
export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** `http://host:port` as the client addressed us, so links work through any name or network. */
  origin: string;
  requestId: string;
  clientRequestId: string;
}

export function contextOf(req: IncomingMessage, res: ServerResponse, scheme: 'http' | 'https'): RequestContext {
  const host = req.headers.host ?? 'localhost';
  const origin = `${scheme}://${host}`;
  const clientRequestId = headerValue(req, 'client-request-id') ?? randomUUID();
  return { req, res, url: new URL(req.url ?? '/', origin), origin, requestId: randomUUID(), clientRequestId };
}

export function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function sendJson(
  ctx: RequestContext,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  sendText(ctx, status, JSON.stringify(body), headers);
}

export function sendText(
  ctx: RequestContext,
  status: number,
  text: string,
  headers: Record<string, string> = {}
): void {
  if (ctx.res.headersSent || ctx.res.destroyed) {
    return;
  }
  ctx.res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'request-id': ctx.requestId,
    'client-request-id': ctx.clientRequestId,
    ...headers,
  });
  ctx.res.end(text);
}

export function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
