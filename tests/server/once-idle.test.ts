import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { onceIdle } from '../../src/main/server/once-idle';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
  server = undefined;
});

async function listening(): Promise<{ server: Server; get: () => Promise<void> }> {
  const s = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((done) => s.listen(0, '127.0.0.1', done));
  const { port } = s.address() as AddressInfo;
  return {
    server: s,
    get: async () => {
      await (await fetch(`http://127.0.0.1:${port}/`)).text();
    },
  };
}

describe('onceIdle', () => {
  it('waits while requests keep coming, then runs once after the quiet time', async () => {
    const host = await listening();
    server = host.server;
    const task = vi.fn();
    onceIdle(host.server, 150, task);
    // Requests every ~30 ms for ~450 ms: three times the quiet time, never quiet.
    const until = Date.now() + 450;
    while (Date.now() < until) {
      await host.get();
      await new Promise((done) => setTimeout(done, 30));
    }
    expect(task).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(task).toHaveBeenCalledTimes(1), { timeout: 2_000, interval: 20 });
    // Later requests do not run it again.
    await host.get();
    await new Promise((done) => setTimeout(done, 300));
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('never runs for a server closed before it was quiet', async () => {
    const host = await listening();
    const task = vi.fn();
    onceIdle(host.server, 100, task);
    await new Promise((done) => host.server.close(done));
    await new Promise((done) => setTimeout(done, 250));
    expect(task).not.toHaveBeenCalled();
  });
});
