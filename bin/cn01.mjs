#!/usr/bin/env node
// The headless cn01 board on this terminal; the TypeScript entry runs through tsx.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
