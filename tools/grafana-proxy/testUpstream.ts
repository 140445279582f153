import http from 'node:http';
import { AddressInfo } from 'node:net';

/** One request as it arrived at the fake upstream: the raw request line path, headers and body. */
export interface ArrivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type UpstreamHandler = (request: ArrivedRequest, res: http.ServerResponse) => void;

/**
 * A tiny HTTP server standing in for Microsoft (token endpoint and Graph) in the stand-in's own
 * tests, recording exactly what the proxy sent it.
 */
export async function startFakeUpstream(handler: UpstreamHandler) {
  const arrived: ArrivedRequest[] = [];
  let current = handler;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      arrived.push(request);
      current(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    arrived,
    setHandler(next: UpstreamHandler) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
