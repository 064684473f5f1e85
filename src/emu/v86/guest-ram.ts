// Guest physical memory seen from the host. v86's own cpu.mem8 is a Proxy that builds a new
// view on every access (about 100x slower), so keep a plain view over the wasm memory and
// rebuild it when the memory grows (a grown buffer detaches old views: length becomes 0).

export interface GuestRam {
  /** A view of all guest RAM; valid until the next memory growth, so do not keep it. */
  bytes(): Uint8Array;
  /** Writes into guest RAM and drops JIT code compiled from that range. */
  write(address: number, data: Uint8Array): void;
}

export interface RamSource {
  memory: () => WebAssembly.Memory;
  offset: () => number;
  length: () => number;
  invalidateCode: (start: number, end: number) => void;
}

export function createGuestRam(source: RamSource): GuestRam {
  let view = new Uint8Array(0);
  const bytes = (): Uint8Array => {
    if (view.length === 0 || view.buffer !== source.memory().buffer) {
      view = new Uint8Array(source.memory().buffer, source.offset(), source.length());
    }
    return view;
  };
  return {
    bytes,
    write(address, data) {
      const ram = bytes();
      if (address < 0 || address + data.length > ram.length) {
        throw new RangeError(`guest RAM write at 0x${address.toString(16)} (+${data.length}) is outside ${ram.length} bytes`);
      }
      ram.set(data, address);
      source.invalidateCode(address, address + data.length);
    },
  };
}
