import { describe, expect, it } from "vitest";
import { LANDED } from "../../src/labs/capabilities.ts";
import { allSteps, LabFormatError, parseLab } from "../../src/labs/lab-format.ts";
import { fillVars, labVars } from "../../src/labs/lab-vars.ts";
import { labByName, labNames } from "../../src/labs/registry.ts";

const vars = labVars({ kernelRelease: "6.1.176-cn01", cpus: 4, user: { name: "hpcuser", home: "/home/hpcuser" } });

const minimal = () => ({
  name: "t",
  title: "T",
  intro: ["hello"],
  sections: [{ title: "S", steps: [{ id: "a", title: "A", text: ["x"], commands: ["true"], lookFor: "y", checks: [{ kind: "guest", script: "true", failure: "no" }], hint: "h", solution: ["true"] }] }],
});

describe("lab format", () => {
  it("accepts every lab the page ships, with placeholders it can fill", () => {
    for (const name of labNames()) {
      const lab = labByName(name)!;
      for (const { step } of allSteps(lab)) {
        const strings = [step.title, ...step.text, ...step.commands, step.lookFor, step.hint, ...step.solution, step.differs ?? "", ...(step.undo ?? [])];
        for (const check of step.checks) strings.push(check.failure, check.kind === "guest" ? check.script : "");
        for (const s of strings) expect(() => fillVars(s, vars)).not.toThrow();
      }
    }
  });

  it("follows the transcript's order and takes the release from machine.json", () => {
    const lab = labByName("ihk-mckernel")!;
    const ids = allSteps(lab).map(({ step }) => step.id);
    expect(ids.slice(0, 6)).toEqual(["cd-install", "insmod-ihk", "dev-mcd0", "lscpu", "reserve-cpu", "reserve-mem"]);
    expect(ids.at(-1)).toBe("kprint-user");
    expect(fillVars(lab.sections[0]!.steps[0]!.commands[0]!, vars)).toBe("cd ~/install/6.1.176-cn01");
    expect(JSON.stringify(lab)).not.toContain("6.1.176");
  });

  it("marks each step that needs an unlanded capability", () => {
    const steps = allSteps(labByName("ihk-mckernel")!).map(({ step }) => step);
    const mcexec = steps.find((s) => s.id === "mcexec-ls")!;
    expect(mcexec.requires).toBe("mcexec");
    expect(steps.filter((s) => s.requires === undefined).map((s) => s.id)).toEqual(["cd-install", "lscpu"]);
    expect(LANDED.has("mcexec")).toBe(true);
    expect(LANDED.has("cg")).toBe(false);
  });

  it("names the first bad field of a broken lab", () => {
    const cases: Array<[(lab: ReturnType<typeof minimal>) => void, RegExp]> = [
      [(l) => void (l.sections[0]!.steps[0]!.id = "Bad Id"), /steps\[0\]\.id/],
      [(l) => void ((l.sections[0]!.steps[0]! as Record<string, unknown>).requires = "teleport"), /requires must be one of/],
      [(l) => void (l.sections[0]!.steps[0]!.checks = []), /checks must be a non-empty list/],
      [(l) => void ((l.sections[0]!.steps[0]!.checks[0]! as Record<string, unknown>).kind = "magic"), /kind must be "guest" or "node"/],
      [(l) => void l.sections[0]!.steps.push({ ...l.sections[0]!.steps[0]! }), /"a" is used twice/],
      [(l) => void ((l.sections[0]!.steps[0]!.checks[0]! as Record<string, unknown>) = Object.assign(l.sections[0]!.steps[0]!.checks[0]!, { kind: "node", cpus: { zero: "linux" } })), /not a CPU number/],
    ];
    for (const [breakIt, message] of cases) {
      const lab = minimal();
      breakIt(lab);
      expect(() => parseLab(lab)).toThrow(LabFormatError);
      expect(() => parseLab(lab)).toThrow(message);
    }
    expect(parseLab(minimal()).sections[0]!.steps[0]!.id).toBe("a");
  });

  it("refuses an unknown placeholder instead of showing it", () => {
    expect(() => fillVars("cd {nowhere}", vars)).toThrow(/unknown placeholder \{nowhere\}/);
    expect(fillVars("{install}/sbin and awk '{print $2}'", vars)).toBe("/home/hpcuser/install/6.1.176-cn01/sbin and awk '{print $2}'");
  });
});
