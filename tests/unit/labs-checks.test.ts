import { describe, expect, it } from "vitest";
import { initialNodeState, nextNodeState } from "../../src/shell/board-view/node-state.ts";
import { judgeGuest, judgeNode } from "../../src/shell/tutorial/check-eval.ts";
import { ConsoleProbe, ProbeBusyError } from "../../src/shell/tutorial/console-probe.ts";
import { ProgressStore } from "../../src/shell/tutorial/progress-store.ts";
import { readStepLink, writeStepLink } from "../../src/shell/tutorial/step-link.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();
const PROMPT = "hpcuser@cn01:~/install/6.1.176-cn01$ ";

/** A console whose guest side the test plays, recording what reaches the screen and the guest. */
function rig() {
  const screen: string[] = [];
  const sent: string[] = [];
  const files = new Map<string, string>();
  const probe = new ConsoleProbe({
    sendInput: (b) => sent.push(dec.decode(b)),
    writeHomeFile: async (path, data) => void files.set(path, dec.decode(data)),
    display: (b) => screen.push(dec.decode(b)),
  }, "/home/hpcuser", "hpcuser@cn01:");
  const guest = (text: string) => probe.fromGuest(enc.encode(text));
  return { probe, screen, sent, files, guest };
}

describe("the console probe", () => {
  it("runs a script in a child shell, hides it from the screen and returns its output and status", async () => {
    const { probe, screen, sent, files, guest } = rig();
    guest(`hello\r\n${PROMPT}\x1b[6n`);
    expect(probe.shell.idle).toBe(true);
    const result = probe.run("pwd");
    await new Promise((r) => setTimeout(r, 0));
    const [path, wrapper] = [...files.entries()][0]!;
    expect(path).toMatch(/^\.cn01-check\/[0-9a-f]{12}$/);
    expect(wrapper).toContain("rm -f \"$0\"");
    expect(wrapper).toContain("(\npwd\n) </dev/null 2>&1");
    expect(sent.at(-1)).toBe(`sh /home/hpcuser/${path}\r`);
    probe.fromLearner("ls"); // typed meanwhile: held back
    const nonce = path.split("/")[1]!;
    guest(`sh /home/hpcuser/${path}\r\n\x02B${nonce}\r\n/home/hpcuser/install\r\n`);
    guest(`\x02E${nonce}:0\r\n${PROMPT}`);
    await expect(result).resolves.toEqual({ status: 0, output: "/home/hpcuser/install\n" });
    expect(screen.join("")).toBe(`hello\r\n${PROMPT}\x1b[6n`);
    expect(sent.at(-1)).toBe("ls");
    guest("after");
    expect(screen.at(-1)).toBe("after");
  });

  it("refuses to run while a command runs or the learner has typed", async () => {
    const { probe, guest } = rig();
    await expect(probe.run("true")).rejects.toThrow(ProbeBusyError);
    guest(PROMPT);
    probe.fromLearner("\x1b[24;40R"); // xterm's answer to the cursor query is not typing
    expect(probe.shell.idle).toBe(true);
    probe.fromLearner("l");
    await expect(probe.run("true")).rejects.toThrow(ProbeBusyError);
    guest("l\r\nfile\r\n" + PROMPT);
    expect(probe.shell.idle).toBe(true);
  });

  it("tells when the shell comes back to its prompt", async () => {
    const { probe, guest } = rig();
    const idle = probe.shell.whenIdle(1000);
    guest("\x1b[1mbusy\x1b[0m\r\n");
    guest(PROMPT);
    await expect(idle).resolves.toBeUndefined();
    probe.fromLearner("x");
    await expect(probe.shell.whenIdle(10)).rejects.toThrow("busy");
    // A late escape sequence after the old prompt is not a new prompt.
    guest("\x1b[6n");
    expect(probe.shell.idle).toBe(false);
    guest(`x\r\n${PROMPT}`);
    expect(probe.shell.idle).toBe(true);
  });
});

describe("verdicts", () => {
  const guestCheck = { kind: "guest" as const, script: "", failure: "The modules are not loaded." };

  it("shows the script's own FAIL line, or the step's failure text, or passes", () => {
    expect(judgeGuest(guestCheck, 0, "x\nFAIL: /dev/mcd0 is missing.\n")).toEqual({ passed: false, message: "/dev/mcd0 is missing." });
    expect(judgeGuest(guestCheck, 1, "")).toEqual({ passed: false, message: "The modules are not loaded." });
    expect(judgeGuest(guestCheck, 0, "fine\n").passed).toBe(true);
  });

  it("compares CPU owners, reserved memory and OS 0 with the board's state", () => {
    const fresh = initialNodeState({ cpus: 4, memoryBytes: 2 ** 31 });
    expect(judgeNode({ kind: "node", cpus: { "0": "linux", "1": "offline" }, failure: "F." }, fresh).passed).toBe(true);
    expect(judgeNode({ kind: "node", cpus: { "2": "reserved" }, failure: "F." }, fresh).message).toBe("F. CPU 2 is free, not reserved.");
    expect(judgeNode({ kind: "node", reservedAtLeast: 2 ** 29, failure: "F." }, fresh).message).toBe("F. Reserved: 0 MiB, expected at least 512 MiB.");
    expect(judgeNode({ kind: "node", os0: "RUNNING", failure: "F." }, fresh).message).toBe("F. OS 0 is none, not RUNNING.");
    const assigned = nextNodeState(fresh, { type: "ihk", state: { cpus: [{ kind: "linux" }, { kind: "free" }, { kind: "assigned", os: 0 }, { kind: "assigned", os: 0 }], reserved: [], oses: [{ index: 0, status: "INACTIVE", cpus: [2, 3] }] } } as { type: string });
    expect(judgeNode({ kind: "node", cpus: { "2": "assigned" }, os0: "INACTIVE", failure: "F." }, assigned).passed).toBe(true);
    expect(judgeNode({ kind: "node", cpus: { "3": "running" }, failure: "F." }, assigned).message).toBe("F. CPU 3 is assigned (OS 0), not running.");
  });
});

describe("progress and links", () => {
  it("saves and restores a lab's place, and ignores a record of another schema", () => {
    const data = new Map<string, string>();
    const storage = { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
    const store = new ProgressStore(storage);
    expect(store.load("lab")).toBeUndefined();
    store.save("lab", "lscpu", new Set(["cd-install"]));
    expect(store.load("lab")).toEqual({ schema: 1, current: "lscpu", completed: ["cd-install"] });
    data.set("cn01.tutorial.lab", JSON.stringify({ schema: 99, current: "x", completed: [] }));
    expect(store.load("lab")).toBeUndefined();
    data.set("cn01.tutorial.lab", "{not json");
    expect(store.load("lab")).toBeUndefined();
  });

  it("reads and writes ?lab=NAME&step=N with N from 1", () => {
    expect(readStepLink("?lab=ihk-mckernel&step=4")).toEqual({ lab: "ihk-mckernel", step: 3 });
    expect(readStepLink("?step=zero")).toEqual({ lab: undefined, step: undefined });
    expect(readStepLink("?step=0").step).toBeUndefined();
    expect(writeStepLink("http://h/?x=1", "ihk-mckernel", 0)).toBe("http://h/?x=1&lab=ihk-mckernel&step=1");
  });
});
