import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransportError } from '../../src/lib/errors';
import { httpRequest } from '../../src/lib/http-client';
import { freePort } from '../support/private-services';

/** A local server whose answer each test chooses by path; it records which socket served each request. */
describe('httpRequest (provider calls)', () => {
  let server: http.Server;
  let base: string;
  const sockets: unknown[] = [];
  const bodies: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      sockets.push(req.socket);
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        bodies.push(body);
        if (req.url === '/json') return void res.writeHead(200, { 'content-type': 'application/json', 'x-trace': 'abc' }).end(JSON.stringify({ ok: true, got: body }));
        if (req.url === '/error') return void res.writeHead(503).end('{"error":{"message":"down"}}');
        if (req.url === '/text') return void res.writeHead(200).end('não é json');
        if (req.url === '/redirect') return void res.writeHead(302, { location: 'https://elsewhere.example/x' }).end();
        if (req.url === '/slow-body') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"partial":');
          return; // never finishes the body
        }
        if (req.url === '/cut') {
          res.writeHead(200, { 'content-length': '100' });
          res.write('{"short"');
          return void setTimeout(() => req.socket.destroy(), 20);
        }
        res.writeHead(404).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('sends the body, reads status, headers, text and JSON, and keeps the connection for the next call', async () => {
    const before = sockets.length;
    const first = await httpRequest('test', { method: 'POST', url: `${base}/json`, headers: { 'content-type': 'application/json' }, body: '{"a":"ção"}', timeoutMs: 2000 });
    const second = await httpRequest('test', { method: 'POST', url: `${base}/json`, body: 'x', timeoutMs: 2000 });
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ ok: true, got: '{"a":"ção"}' });
    expect(first.headers['x-trace']).toBe('abc');
    expect(second.json).toEqual({ ok: true, got: 'x' });
    expect(sockets.length - before).toBe(2);
    expect(sockets[before + 1]).toBe(sockets[before]);
  });

  it('resolves error statuses and non-JSON bodies for the caller to judge', async () => {
    const down = await httpRequest('test', { method: 'POST', url: `${base}/error`, body: '{}', timeoutMs: 2000 });
    expect(down.status).toBe(503);
    expect(down.json).toEqual({ error: { message: 'down' } });
    const text = await httpRequest('test', { method: 'GET', url: `${base}/text`, timeoutMs: 2000 });
    expect(text.text).toBe('não é json');
    expect(text.json).toBeUndefined();
  });

  it('refuses to follow a redirect', async () => {
    const err = await httpRequest('test', { method: 'POST', url: `${base}/redirect`, body: '{}', timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as Error).message).toMatch(/redirect \(302\) to https:\/\/elsewhere\.example\/x/);
  });

  it('the deadline covers a body that never finishes', async () => {
    const t0 = Date.now();
    const err = await httpRequest('test', { method: 'GET', url: `${base}/slow-body`, timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as Error).message).toMatch(/no answer within 300 ms/);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('a connection cut mid-body is a transport error, not a short answer', async () => {
    const err = await httpRequest('test', { method: 'GET', url: `${base}/cut`, timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
  });

  it('a refused connection names the cause', async () => {
    const port = await freePort();
    const err = await httpRequest('test', { method: 'POST', url: `http://127.0.0.1:${port}/x`, body: '{}', timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
  });
});
