// Makes (or checks) the boot snapshot once before the integration tests.

import { execFileSync } from "node:child_process";
import { REPO_ROOT } from "../../src/cli/paths.ts";

export default function setup(): void {
  execFileSync(process.execPath, ["--import", "tsx", "scripts/make-snapshot.ts"], { cwd: REPO_ROOT, stdio: "inherit" });
}
