// gzip through the Compression Streams API, which both browsers and Node 20 provide.

async function collect(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  return collect(new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream("gzip")));
}

export function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  return gunzipStream(new Blob([bytes as Uint8Array<ArrayBuffer>]).stream());
}

/** Inflates a gzip stream as its bytes arrive (e.g. while they download). */
export function gunzipStream(stream: ReadableStream<BufferSource>): Promise<Uint8Array> {
  return collect(stream.pipeThrough(new DecompressionStream("gzip")));
}
