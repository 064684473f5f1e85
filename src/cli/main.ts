// The `cn01` command: the headless board on this terminal (see USAGE).

import { access, constants } from "node:fs/promises";
import { parseCliArgs, parsePut, USAGE, UsageError } from "./args.ts";
import { runInteractive } from "./interactive.ts";
import { Session } from "./session.ts";
import { createFileImageSource } from "../emu/board/file-image-source.ts";
import { loadManifest } from "../emu/board/image-source.ts";
import { defaultManifestPath } from "./paths.ts";

async function main(argv: string[]): Promise<number> {
  const args = parseCliArgs(argv);
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const manifestPath = defaultManifestPath();
  const machine = await loadManifest(createFileImageSource(manifestPath));
  const puts = args.putSpecs.map((spec) => parsePut(spec, machine.user.home));
  for (const put of puts) {
    await access(put.localPath, constants.R_OK).catch(() => {
      throw new UsageError(`--put: cannot read ${put.localPath}`);
    });
  }
  const session = await Session.open({
    manifestPath,
    cold: args.cold,
    puts,
    ...(args.memoryBytes !== undefined && { memoryBytes: args.memoryBytes }),
    onNotice: (message) => process.stderr.write(`cn01: ${message}\n`),
  });
  try {
    if (args.commands === undefined) {
      await runInteractive(session);
      return 0;
    }
    const result = await session.runCommands(args.commands, (chunk) => process.stdout.write(chunk));
    return result.status;
  } finally {
    await session.close();
  }
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
    // v86 leaves timers behind; the guest's work is done.
    process.stdout.write("", () => process.exit(status));
  },
  (error: unknown) => {
    const usage = error instanceof UsageError;
    process.stderr.write(`cn01: ${(error as Error).message}\n${usage ? USAGE : ""}`);
    process.exit(usage ? 2 : 1);
  },
);
