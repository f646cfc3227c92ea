/**
 * A raw TCP exchange with the emulator, for requests a client library would refuse to send
 * (malformed request lines, bad headers, half-sent bodies). Shared by the hardening and robustness
 * suites.
 */
import net from 'node:net';

/**
 * Sends raw bytes to 127.0.0.1:`port` and resolves with everything the server answered (latin1),
 * once it closes the connection or `idleMs` after the last byte it sent (or after the write, when
 * it sends nothing). `then` runs once the bytes are written (to send more, or to stall).
 */
export function rawExchange(port: number, bytes: string | Buffer, options: { idleMs?: number; then?: (socket: net.Socket) => void } = {}): Promise<string> {
  return new Promise<string>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const idle = () => {
      clearTimeout(timer);
      timer = setTimeout(done, options.idleMs ?? 1000);
    };
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      idle();
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.write(bytes, () => options.then?.(socket));
    idle();
  });
}
