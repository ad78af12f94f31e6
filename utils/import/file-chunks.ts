/**
 * How much of a file the readers take at a time: large enough that the per-chunk work is nothing
 * beside the parsing, small enough that a chunk costs no memory worth counting and progress moves.
 */
export const CHUNK_BYTES = 1 << 20;

/**
 * A file (a `File` or any `Blob`) read chunk by chunk, telling `onRead` how many bytes are read so far
 * after each: `blob.slice()` reads only the part asked for, so the file is never whole in memory.
 */
export async function* blobChunks(blob: Blob, onRead: (bytes: number) => void = () => {}): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < blob.size; offset += CHUNK_BYTES) {
    const chunk = new Uint8Array(await blob.slice(offset, offset + CHUNK_BYTES).arrayBuffer());
    yield chunk;
    onRead(offset + chunk.byteLength);
  }
}
