// The entry of mckernel.img: the bundle exposes `start` as the global `mckernel`.

import type { LwkImage } from "./hal.ts";
import { mckernel_main } from "./kernel/init.ts";

export const start: LwkImage["start"] = mckernel_main;
