// The LWK's boot against a fake HAL: McKernel 1.0's boot log with this node's values, the page
// allocator over the assigned memory, READY reported where IHK waits for it (what follows,
// from the master channel's ack on, is in ikc.test.ts).

import { describe, expect, it } from "vitest";
import { BOOT_STATUS } from "../../src/abi/ihk-board.ts";
import { evaluateImage } from "../../src/emu/board/ihk-cores.ts";
import { buildLwkImage } from "../../src/lwk/build-image.ts";
import { decodeImage } from "../../src/abi/ihk-image.ts";
import { mckernel_main } from "../../src/lwk/kernel/init.ts";
import { PageAllocator } from "../../src/lwk/kernel/page_alloc.ts";
import { bootOn, fakeNode } from "./fake-hal.ts";

const MiB = 2 ** 20;

describe("the LWK boot", () => {
  it("writes McKernel's boot log and becomes READY after its APs", () => {
    const node = fakeNode({ start: 0x5d800000, size: 64 * MiB, hwIds: [2, 3], imageSize: 16000 });
    bootOn(node, mckernel_main, 2);
    node.drain();
    expect(node.kmsg()).toBe([
      "MCK started.",
      "[ -1]: ns_per_tsc: 434",
      "[ -1]: CPU: 2 3",
      "[ -1]: KCommand Line: hidos",
      "[ -1]: Page allocator: 5d800000 - 61800000 (12)",
      // 16384 pages, minus 4 for the image, 2 for the master IKC queues and 5 for the boot
      // parameters and kmsg
      "[ -1]: Available pages: 16373 pages",
      "[ -1]: # of cpus : 2",
      "[  0]: BSP HW ID = 2",
      "[  0]: AP Booting: 1 (HW ID: 3)",
      "[  0]: AP Booting: Done",
      "",
    ].join("\n"));
    expect(node.bootParam.get("status")).toBe(BOOT_STATUS.READY);
    expect(node.bootParam.get("free_pages")).toBe(16373);
    expect([...node.runners.keys()].sort()).toEqual([2, 3]);
  });

  it("is not READY until every AP has started", () => {
    const node = fakeNode({ start: 0x1000000, size: 16 * MiB, hwIds: [1, 2, 3] });
    bootOn(node, mckernel_main, 1);
    const log = (): string => node.kmsg();
    // Only the BSP's start: the APs' work is still queued.
    expect(node.drain(1)).toBe(1);
    expect(node.bootParam.get("status")).toBe(BOOT_STATUS.BOOTED);
    expect(log()).not.toContain("MCK/IHK booted.");
    node.drain();
    expect(log()).toContain("[  0]: AP Booting: 2 (HW ID: 3)\n");
    expect(log().endsWith("[  0]: AP Booting: Done\n")).toBe(true);
    expect(node.bootParam.get("status")).toBe(BOOT_STATUS.READY);
  });

  it("boots alone on one CPU", () => {
    const node = fakeNode({ start: 0x1000000, size: 16 * MiB, hwIds: [3], kargs: "" });
    bootOn(node, mckernel_main, 3);
    node.drain();
    expect(node.kmsg()).toContain("[ -1]: # of cpus : 1\n[  0]: BSP HW ID = 3\n[  0]: AP Booting: Done\n");
    expect(node.kmsg()).toContain("[ -1]: KCommand Line: \n");
  });

  it("wraps its log around when the buffer is full", () => {
    const node = fakeNode({ start: 0x1000000, size: 16 * MiB, hwIds: [1], kargs: "x".repeat(200) });
    for (let i = 0; i < 120; i++) {
      bootOn(node, mckernel_main, 1);
      node.drain();
    }
    const head = node.hal.ihk_mc_map_phys(node.bootParam.get("msg_buffer"), 16);
    expect(new DataView(head.buffer, head.byteOffset).getUint32(8, true)).toBe(1);
  });

  it("runs the same from the built mckernel.img", async () => {
    const image = await buildLwkImage();
    const check = decodeImage(image, image.length);
    if (!check.ok) throw new Error(check.reason);
    const node = fakeNode({ start: 0x1000000, size: 16 * MiB, hwIds: [2, 3] });
    bootOn(node, evaluateImage(check.javascript).start, 2);
    node.drain();
    expect(node.kmsg()).toMatch(/^MCK started\.\n[\s\S]*AP Booting: Done\n$/);
  });
});

describe("the page allocator", () => {
  it("hands out and takes back contiguous pages, first fit", () => {
    const pa = new PageAllocator(0x100000, 0x100000 + 16 * 4096);
    pa.reserve(0x100000, 0x100000 + 4096 + 1);
    expect(pa.count()).toBe(14);
    expect(pa.alloc(3)).toBe(0x102000);
    expect(pa.alloc(12)).toBeUndefined();
    pa.freePages(0x102000, 3);
    expect(pa.count()).toBe(14);
    expect(() => pa.freePages(0x102000, 1)).toThrow(/freed twice/);
    expect(() => pa.freePages(0x200000, 1)).toThrow(RangeError);
  });
});
