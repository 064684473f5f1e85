import { main } from "./run.ts";

process.exitCode = main(process.argv.slice(2));
