// Connections that never carried a request are dropped at shutdown instead of holding it up.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * A connection on which no request has arrived yet (a browser's preconnect, a client that gave up while connecting)
 * is not idle to Node, so closing the server waits for it for as long as the client keeps it open. Returns what drops
 * such connections; requests in progress, and kept-alive connections between requests, are left to the server's close.
 */
export function trackUnusedConnections(server: Server): () => void {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return () => {
    for (const socket of sockets) if (socket.bytesRead === 0) socket.destroy();
  };
}
