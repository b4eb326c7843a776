import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';

describe('network guard', () => {
  it('refuses a connection outside 127.0.0.1', () => {
    assert.throws(() => net.connect({ host: '93.184.216.34', port: 80 }), /only connect to 127\.0\.0\.1/);
    assert.throws(() => net.connect(443, 'discord.com'), /only connect to 127\.0\.0\.1/);
  });

  it('lets local connections through', async () => {
    const server = net.createServer((socket) => socket.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.on('data', (data) => resolve(data.toString()));
      socket.on('error', reject);
    });
    assert.equal(reply, 'ok');
    server.close();
  });
});
