import { describe, expect, it } from "vitest";
import { homeFromTar } from "../../src/emu/board/home.ts";
import { homeTarball } from "./fixtures.ts";

describe("homeFromTar", () => {
  it("makes the pristine tree owned by the guest user, parents first", () => {
    const entries = homeFromTar(homeTarball("ustar").archive, { uid: 1000, gid: 1000 });
    expect(entries.every((e) => e.uid === 1000 && e.gid === 1000)).toBe(true);
    const paths = entries.map((e) => e.path);
    for (const entry of entries) {
      const parent = entry.path.split("/").slice(0, -1).join("/");
      if (parent) expect(paths.indexOf(parent)).toBeLessThan(paths.indexOf(entry.path));
    }
    expect(entries.find((e) => e.path === "src/link.c")).toMatchObject({ kind: "symlink", target: "hello.c" });
  });
});
