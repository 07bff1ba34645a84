/** A small web site on 127.0.0.1 for the migrate tests (servers closed by closeServersAfterEach). */
import { serve } from '../web/helpers';

/** A site on 127.0.0.1 serving `pages` by path (anything else: 404); returns its origin and what was asked. */
export async function site(pages: Record<string, string>): Promise<{ origin: string; requests: string[] }> {
  const requests: string[] = [];
  const origin = await serve((req, res) => {
    requests.push(req.url ?? '');
    const html = pages[req.url ?? ''];
    if (html === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  return { origin, requests };
}
