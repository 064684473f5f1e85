// Lab text and commands name machine facts through {placeholders} filled from machine.json,
// so nothing (e.g. the kernel release in ~/install/<release>) is written into the content.

export interface LabVars {
  /** uname -r of the guest, machine.json's kernelRelease. */
  release: string;
  home: string;
  user: string;
  /** The install tree of the tutorial: <home>/install/<release>. */
  install: string;
  cpus: string;
}

export interface MachineFacts {
  kernelRelease: string;
  cpus: number;
  user: { name: string; home: string };
}

export function labVars(machine: MachineFacts): LabVars {
  return {
    release: machine.kernelRelease,
    home: machine.user.home,
    user: machine.user.name,
    install: `${machine.user.home}/install/${machine.kernelRelease}`,
    cpus: String(machine.cpus),
  };
}

/** Replaces each {name} of LabVars; an unknown {name} is an error in the lab, not silent text. */
export function fillVars(template: string, vars: LabVars): string {
  return template.replace(/\{([a-z]+)\}/g, (whole, name: string) => {
    if (!Object.hasOwn(vars, name)) throw new Error(`unknown placeholder ${whole} in lab text`);
    return vars[name as keyof LabVars];
  });
}
