// Access to physical memory through the HAL, word by word or as short-lived byte views
// (a view must not be kept: the board may replace guest RAM's buffer).

import { ihk_mc } from "./ihk_mc.ts";
import { PAGE_SIZE } from "./page_alloc.ts";

export function phys_map(pa: number, length: number): Uint8Array {
  return ihk_mc().ihk_mc_map_phys(pa, length);
}

export function phys_read32(pa: number): number {
  const b = phys_map(pa, 4);
  return (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0;
}

export function phys_write32(pa: number, value: number): void {
  const b = phys_map(pa, 4);
  b[0] = value;
  b[1] = value >>> 8;
  b[2] = value >>> 16;
  b[3] = value >>> 24;
}

export function phys_zero_page(pa: number): void {
  phys_map(pa, PAGE_SIZE).fill(0);
}
