// The physical page allocator (McKernel's lib/page_alloc.c): one bit per 4 KiB page of the
// memory IHK assigned, first fit.

export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;

export class PageAllocator {
  private readonly used: Uint8Array;
  private free: number;
  /** No page below this index is free: first fit starts its search here. */
  private lowestFree = 0;

  constructor(readonly start: number, readonly end: number) {
    if (start % PAGE_SIZE !== 0 || end % PAGE_SIZE !== 0 || end <= start) {
      throw new RangeError(`page allocator: bad range ${start.toString(16)} - ${end.toString(16)}`);
    }
    this.used = new Uint8Array((end - start) / PAGE_SIZE);
    this.free = this.used.length;
  }

  /** Marks [start, end) as in use (kernel image, IHK's areas); rounds outwards to pages. */
  reserve(start: number, end: number): void {
    const first = Math.max(0, Math.floor((start - this.start) / PAGE_SIZE));
    const last = Math.min(this.used.length, Math.ceil((end - this.start) / PAGE_SIZE));
    for (let i = first; i < last; i++) this.take(i);
  }

  /** Physical address of npages free contiguous pages, or undefined. */
  alloc(npages: number): number | undefined {
    if (!Number.isInteger(npages) || npages < 1 || npages > this.free) return undefined;
    let run = 0;
    while (this.lowestFree < this.used.length && this.used[this.lowestFree]) this.lowestFree++;
    for (let i = this.lowestFree; i < this.used.length; i++) {
      run = this.used[i] ? 0 : run + 1;
      if (run === npages) {
        for (let j = i - npages + 1; j <= i; j++) this.take(j);
        return this.start + (i - npages + 1) * PAGE_SIZE;
      }
    }
    return undefined;
  }

  freePages(pa: number, npages: number): void {
    const first = (pa - this.start) / PAGE_SIZE;
    if (!Number.isInteger(first) || first < 0 || first + npages > this.used.length) {
      throw new RangeError(`page allocator: freeing ${npages} pages at ${pa.toString(16)} outside the range`);
    }
    for (let i = first; i < first + npages; i++) {
      if (!this.used[i]) throw new Error(`page allocator: page ${(this.start + i * PAGE_SIZE).toString(16)} freed twice`);
      this.used[i] = 0;
      this.free++;
    }
    this.lowestFree = Math.min(this.lowestFree, first);
  }

  count(): number {
    return this.free;
  }

  private take(index: number): void {
    if (!this.used[index]) {
      this.used[index] = 1;
      this.free--;
    }
  }
}
