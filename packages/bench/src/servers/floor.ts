// The floor: the least a Socket.IO server can do for collaboration. It relays each binary update
// to the other sockets in the page's room, with the msgpack parser (one WebSocket frame per
// event), and keeps no document, no Redis, no database.
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import msgpackParser from 'socket.io-msgpack-parser';

const http = createServer();
const io = new Server(http, { parser: msgpackParser, transports: ['websocket'], serveClient: false });

io.on('connection', (socket) => {
  socket.on('join', (page: unknown, ack: unknown) => {
    if (typeof page !== 'string' || typeof ack !== 'function') return;
    void socket.join(page);
    ack(true);
  });
  socket.on('update', (page: unknown, update: unknown) => {
    // The msgpack parser hands binary over as an ArrayBuffer or a Buffer, depending on the transport.
    const binary = update instanceof ArrayBuffer || ArrayBuffer.isView(update);
    if (typeof page !== 'string' || !binary || !socket.rooms.has(page)) return;
    socket.to(page).emit('update', update);
  });
});

http.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
process.on('SIGTERM', () => io.close(() => process.exit(0)));
