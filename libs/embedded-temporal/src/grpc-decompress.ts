/**
 * Temporal's Core SDK (every TypeScript worker) gzips each request it sends.
 * grpc-js inflates each message through a fresh zlib *stream* — a stream per
 * message, with its buffers and events — which profiling showed to be ~18% of
 * the engine's CPU under load. A one-shot `gunzipSync` of a small message
 * costs a fraction of that. This swaps grpc-js's server-side decompression for
 * the one-shot version, with the same limits and error statuses.
 *
 * It patches an internal of the pinned @grpc/grpc-js (1.14.x,
 * BaseServerInterceptingCall.prototype.decompressMessage); if that internal is
 * missing (another version), nothing is patched and grpc-js works as shipped.
 */
import * as zlib from 'node:zlib';
import { status } from '@grpc/grpc-js';

interface InterceptingCall {
  maxReceiveMessageSize: number;
  decompressMessage(message: Buffer, encoding: string): Buffer | Promise<Buffer>;
}

let patched = false;

export function useSyncDecompression(): void {
  if (patched) return;
  let proto: InterceptingCall | undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- an internal module, looked up at run time
    proto = require('@grpc/grpc-js/build/src/server-interceptors').BaseServerInterceptingCall?.prototype;
  } catch {
    return;
  }
  if (!proto || typeof proto.decompressMessage !== 'function' || proto.decompressMessage.length !== 2) return;
  const original = proto.decompressMessage;
  proto.decompressMessage = function decompressMessage(this: InterceptingCall, message: Buffer, encoding: string) {
    if (encoding !== 'gzip' && encoding !== 'deflate') return original.call(this, message, encoding);
    const contents = message.subarray(5);
    const limit = this.maxReceiveMessageSize;
    const options = limit > 0 ? { maxOutputLength: limit } : {};
    try {
      return Promise.resolve(encoding === 'gzip' ? zlib.gunzipSync(contents, options) : zlib.inflateSync(contents, options));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        return Promise.reject({ code: status.RESOURCE_EXHAUSTED, details: `Received message that decompresses to a size larger than ${limit}` });
      }
      return Promise.reject({ code: status.INTERNAL, details: 'Failed to decompress message' });
    }
  };
  patched = true;
}
