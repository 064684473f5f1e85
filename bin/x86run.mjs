#!/usr/bin/env node
// Runs an i386 Linux program on cn01's TypeScript x86 core (see tools/x86run).
import { register } from "tsx/esm/api";

register();
await import(new URL("../tools/x86run/main.ts", import.meta.url).href);
