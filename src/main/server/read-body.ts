import type { IncomingMessage } from 'node:http';

/**
 * A request body as UTF-8 text, or undefined as soon as it is known to
 * exceed `limit` bytes (declared or streamed): the rest is drained, never
 * kept, so the caller can answer 413 at once. One rule for the browser
 * host's API and the extension's connector.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolvePromise, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      req.resume();
      resolvePromise(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolvePromise(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolvePromise(size > limit ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
