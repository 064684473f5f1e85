import { describe, expect, it } from "vitest";
import { float80Low, readFloat80, writeFloat80 } from "../../../src/emu/x86/float80.ts";
import { doubleCandidateBits } from "../../../tools/x86diff/src/f80.ts";
import { coreWith } from "./harness.ts";

/**
 * x87 instructions whose results the goldens (compared as doubles) do not pin down —
 * transcendentals and constants at 64 bits, square roots next to rounding boundaries,
 * partial remainders, fscale beyond the extended range, pushes onto a full stack — against
 * results measured on this machine's CPU (AMD EPYC, family 25; native images taken with
 * fninit, fldcw, fld tword ×2, the instruction, fnstsw, fstp tword ×3). Registers are
 * compared as full 80-bit images, the status word without C1 (for an inexact transcendental
 * it tells the direction of the hardware's own rounding, see README "x87 precision").
 */

const OPCODES: Record<string, number[]> = {
  fsqrt: [0xd9, 0xfa], fprem: [0xd9, 0xf8], fprem1: [0xd9, 0xf5], fscale: [0xd9, 0xfd], fxtract: [0xd9, 0xf4],
  fsin: [0xd9, 0xfe], fcos: [0xd9, 0xff], fsincos: [0xd9, 0xfb], fptan: [0xd9, 0xf2], fpatan: [0xd9, 0xf3],
  fyl2x: [0xd9, 0xf1], fyl2xp1: [0xd9, 0xf9], f2xm1: [0xd9, 0xf0],
  fldl2t: [0xd9, 0xe9], fldl2e: [0xd9, 0xea], fldpi: [0xd9, 0xeb], fldlg2: [0xd9, 0xec], fldln2: [0xd9, 0xed],
};
/** Status word bits compared: all but C1, ES and B. */
const FSW_MASK = 0x7d7f;

/** An 80-bit image written as sign/exponent and significand in hex. */
function image(hex: string): Uint8Array {
  const [se = "", m = ""] = hex.split(":");
  const b = new Uint8Array(10);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, BigInt(`0x${m}`), true);
  v.setUint16(8, parseInt(se, 16), true);
  return b;
}

function hex(b: Uint8Array): string {
  const v = new DataView(b.buffer);
  return `${v.getUint16(8, true).toString(16).padStart(4, "0")}:${v.getBigUint64(0, true).toString(16).padStart(16, "0")}`;
}

/** Runs `op` with ST(0) = st0, ST(1) = st1 under control word `cw`: the status word and ST(0..). */
function run(op: string, cw: number, st0: string, st1: string): { fsw: number; stack: string[] } {
  const { cpu } = coreWith([...(OPCODES[op] ?? []), 0xf4]);
  const f = cpu.fpu;
  f.control = cw;
  for (const v of [st1, st0]) {
    const hi = readFloat80(image(v), 0);
    // a NaN as its exact double bits: fld tword (readFloat80) would quiet a signalling one
    if (hi !== hi) f.push(new Float64Array(new BigUint64Array([doubleCandidateBits(image(v))[0] ?? 0n]).buffer)[0] ?? hi);
    else f.push(hi, float80Low);
  }
  cpu.run(10);
  const stack: string[] = [];
  for (let i = 0; i < 8 - f.top; i++) {
    const out = new Uint8Array(10);
    writeFloat80(f.st(i), out, 0, f.low(i));
    stack.push(hex(out));
  }
  return { fsw: f.status, stack };
}

type Case = [op: string, cw: number, st0: string, st1: string, fsw: number, stack: string[], what: string];

/** Special operands, domain edges, argument reduction and rounding control, as measured. */
const MEASURED: Case[] = [
  ["fsqrt", 0x27f, "3ffe:fffffffffffff800", "0000:0000000000000000", 0x3020, ["3ffe:fffffffffffff800", "0000:0000000000000000"], "√(1 − 2^-53), PC 53: just below a midpoint of doubles"],
  ["fsqrt", 0x37f, "3ffe:fffffffffffff800", "0000:0000000000000000", 0x3220, ["3ffe:fffffffffffffc00", "0000:0000000000000000"], "√(1 − 2^-53), PC 64"],
  ["fsqrt", 0x37f, "3ffe:ffffffffffffffff", "0000:0000000000000000", 0x3020, ["3ffe:ffffffffffffffff", "0000:0000000000000000"], "√(1 − 2^-64): the root is below 1"],
  ["fsqrt", 0xa7f, "3fff:8000000000040000", "0000:0000000000000000", 0x3220, ["3fff:8000000000020000", "0000:0000000000000000"], "√(1 + 2^-45), PC 53, RC up"],
  ["fsqrt", 0x67f, "3fff:8000000000040000", "0000:0000000000000000", 0x3020, ["3fff:800000000001f800", "0000:0000000000000000"], "√(1 + 2^-45), PC 53, RC down"],
  ["fsqrt", 0x07f, "401f:ffffe00000400000", "0000:0000000000000000", 0x3220, ["400f:b504e80000000000", "0000:0000000000000000"], "PC 24"],
  ["fsqrt", 0x37f, "43fe:fffffffffffff800", "0000:0000000000000000", 0x3220, ["41fe:fffffffffffffc00", "0000:0000000000000000"], "√ of the largest double"],
  ["fprem", 0x37f, "3fde:d44fae5edc860800", "3bcd:8000000000000000", 0x3400, ["3faa:8000000000000000", "3bcd:8000000000000000"], "divisor 2^-1074: partial reduction"],
  ["fprem1", 0x37f, "c000:b5ee1a307ea3a800", "3bcd:8000000000000000", 0x3400, ["bfcc:8000000000000000", "3bcd:8000000000000000"], "fprem1, divisor 2^-1074"],
  ["fprem", 0x37f, "4005:c90fdaa22168c235", "3fff:c90fdaa22168c235", 0x3000, ["0000:0000000000000000", "3fff:c90fdaa22168c235"], "64-bit operands: quotient bits"],
  ["fprem1", 0x37f, "4005:c90fdaa22168c235", "3fff:c90fdaa22168c235", 0x3000, ["0000:0000000000000000", "3fff:c90fdaa22168c235"], "fprem1, 64-bit operands"],
  ["fprem", 0x37f, "4060:8000000000000001", "3fff:c90fdaa22168c235", 0x3400, ["403e:f5e135ce6839b8e8", "3fff:c90fdaa22168c235"], "exponent difference 97: partial"],
  ["fscale", 0x37f, "4000:a000000000000000", "c000:b000000000000000", 0x3000, ["3ffe:a000000000000000", "c000:b000000000000000"], "y = -2.75 truncated to -2"],
  ["fxtract", 0x37f, "3ffe:ffffffffffffffff", "0000:0000000000000000", 0x2800, ["3fff:ffffffffffffffff", "bfff:8000000000000000", "0000:0000000000000000"], "1 − 2^-64: exponent −1, all 64 bits"],
  ["fsin", 0x37f, "403d:8000000000000000", "0000:0000000000000000", 0x3020, ["bffe:b506a9dd559cf157", "0000:0000000000000000"], "2^62: reduced by the 66-bit pi/2"],
  ["fsin", 0x37f, "403d:c000000000000000", "0000:0000000000000000", 0x3220, ["bffd:c3e85dbd8e174203", "0000:0000000000000000"], "3·2^61"],
  ["fcos", 0x37f, "403d:c90fdaa22168c234", "0000:0000000000000000", 0x3220, ["3ffe:ee35bf5ccac89053", "0000:0000000000000000"], "near a large multiple of pi/2"],
  ["fsin", 0x37f, "4000:c90fdaa22168c235", "0000:0000000000000000", 0x3220, ["bfbf:8000000000000000", "0000:0000000000000000"], "fldpi: sin of the 64-bit pi"],
  ["fsin", 0x37f, "403e:8000000000000000", "0000:0000000000000000", 0x3400, ["403e:8000000000000000", "0000:0000000000000000"], "2^63: out of range, C2"],
  ["fptan", 0x37f, "403e:ffffffffffffffff", "4001:a000000000000000", 0x3400, ["403e:ffffffffffffffff", "4001:a000000000000000"], "just below 2^63"],
  ["fsincos", 0x37f, "403e:8000000000000000", "4001:a000000000000000", 0x3400, ["403e:8000000000000000", "4001:a000000000000000"], "2^63: C2, nothing pushed"],
  ["fsin", 0x77f, "3f9b:b504f333f9de6484", "0000:0000000000000000", 0x3020, ["3f9b:b504f333f9de6483", "0000:0000000000000000"], "tiny, RC down: below x"],
  ["fptan", 0x77f, "3f9b:b504f333f9de6484", "4001:a000000000000000", 0x2820, ["3fff:8000000000000000", "3f9b:b504f333f9de6483", "4001:a000000000000000"], "tiny, RC down: below x although tan x > x"],
  ["fptan", 0xb7f, "3f9b:b504f333f9de6484", "4001:a000000000000000", 0x2a20, ["3fff:8000000000000000", "3f9b:b504f333f9de6484", "4001:a000000000000000"], "tiny, RC up: x"],
  ["fptan", 0xb7f, "3fdd:b504f333f9de6484", "4001:a000000000000000", 0x2a20, ["3fff:8000000000000000", "3fdd:b504f333f9de6485", "4001:a000000000000000"], "2^-34·√2, RC up: rounds tan x up"],
  ["fcos", 0x77f, "3f9b:b504f333f9de6484", "0000:0000000000000000", 0x3020, ["3ffe:ffffffffffffffff", "0000:0000000000000000"], "tiny, RC down: below 1"],
  ["fsin", 0x37f, "8000:0000000000000000", "0000:0000000000000000", 0x3000, ["8000:0000000000000000", "0000:0000000000000000"], "-0"],
  ["fcos", 0x37f, "8000:0000000000000000", "0000:0000000000000000", 0x3000, ["3fff:8000000000000000", "0000:0000000000000000"], "cos -0 = 1, exact"],
  ["fptan", 0x37f, "8000:0000000000000000", "4001:a000000000000000", 0x2800, ["3fff:8000000000000000", "8000:0000000000000000", "4001:a000000000000000"], "tan -0"],
  ["fsincos", 0x37f, "8000:0000000000000000", "4001:a000000000000000", 0x2800, ["3fff:8000000000000000", "8000:0000000000000000", "4001:a000000000000000"], "sincos -0"],
  ["fsin", 0x37f, "7fff:8000000000000000", "4001:a000000000000000", 0x3001, ["ffff:c000000000000000", "4001:a000000000000000"], "inf: invalid"],
  ["fptan", 0x37f, "7fff:8000000000000000", "4001:a000000000000000", 0x2801, ["ffff:c000000000000000", "ffff:c000000000000000", "4001:a000000000000000"], "inf: invalid, NaN pushed too"],
  ["fsincos", 0x37f, "7fff:c000000000000800", "4001:a000000000000000", 0x2800, ["7fff:c000000000000800", "7fff:c000000000000800", "4001:a000000000000000"], "QNaN pushed twice"],
  ["fptan", 0x37f, "7fff:8000000000000800", "4001:a000000000000000", 0x2801, ["7fff:c000000000000800", "7fff:c000000000000800", "4001:a000000000000000"], "SNaN: invalid, quieted"],
  ["f2xm1", 0x37f, "3fff:8000000000000000", "0000:0000000000000000", 0x3220, ["3fff:8000000000000000", "0000:0000000000000000"], "1: exact, PE set"],
  ["f2xm1", 0x37f, "bfff:8000000000000000", "0000:0000000000000000", 0x3020, ["bffe:8000000000000000", "0000:0000000000000000"], "-1"],
  ["f2xm1", 0x37f, "3fff:c000000000000000", "0000:0000000000000000", 0x3020, ["3fff:c000000000000000", "0000:0000000000000000"], "beyond the domain: operand kept"],
  ["f2xm1", 0x37f, "bfff:8000000000000001", "0000:0000000000000000", 0x3020, ["bfff:8000000000000001", "0000:0000000000000000"], "just below -1"],
  ["f2xm1", 0x37f, "7fff:8000000000000000", "0000:0000000000000000", 0x3000, ["7fff:8000000000000000", "0000:0000000000000000"], "+inf"],
  ["f2xm1", 0x37f, "ffff:8000000000000000", "0000:0000000000000000", 0x3000, ["bfff:8000000000000000", "0000:0000000000000000"], "-inf: -1"],
  ["f2xm1", 0x37f, "8000:0000000000000000", "0000:0000000000000000", 0x3000, ["8000:0000000000000000", "0000:0000000000000000"], "-0"],
  ["f2xm1", 0x37f, "3f9b:b504f333f9de6484", "0000:0000000000000000", 0x3220, ["3f9a:faf2329bd5c83570", "0000:0000000000000000"], "tiny: x·ln 2"],
  ["fyl2x", 0x37f, "4002:8000000000000000", "4000:c000000000000000", 0x3820, ["4002:9000000000000000"], "exact 9, PE set"],
  ["fyl2x", 0x37f, "3fff:8000000000000000", "c000:c000000000000000", 0x3800, ["8000:0000000000000000"], "log2 1 = 0: -0"],
  ["fyl2x", 0x37f, "8000:0000000000000000", "3fff:8000000000000000", 0x3804, ["ffff:8000000000000000"], "zero: ZE"],
  ["fyl2x", 0x37f, "0000:0000000000000000", "ffff:8000000000000000", 0x3800, ["7fff:8000000000000000"], "zero times inf: no ZE"],
  ["fyl2x", 0x37f, "0000:0000000000000000", "0000:0000000000000000", 0x3801, ["ffff:c000000000000000"], "0·inf: invalid"],
  ["fyl2x", 0x37f, "bfff:8000000000000000", "3fff:8000000000000000", 0x3801, ["ffff:c000000000000000"], "negative: invalid"],
  ["fyl2x", 0x37f, "3fff:8000000000000000", "7fff:8000000000000000", 0x3801, ["ffff:c000000000000000"], "inf·0: invalid"],
  ["fyl2x", 0x37f, "3ffe:8000000000000000", "0000:0000000000000000", 0x3800, ["8000:0000000000000000"], "-0"],
  ["fyl2x", 0x37f, "7fff:8000000000000000", "4000:8000000000000000", 0x3800, ["7fff:8000000000000000"], "inf"],
  ["fyl2x", 0x37f, "4002:a000000000000000", "3fff:8000000000000000", 0x3820, ["4000:d49a784bcd1b8afe"], "log2 10, as fldl2t"],
  ["fyl2x", 0xb7f, "4002:a000000000000000", "3fff:8000000000000000", 0x3a20, ["4000:d49a784bcd1b8aff"], "log2 10, RC up"],
  ["fyl2xp1", 0x37f, "bfff:8000000000000000", "4000:c000000000000000", 0x3820, ["bfff:8000000000000000"], "-1: operand kept"],
  ["fyl2xp1", 0x37f, "c001:e000000000000000", "3ffd:8000000000000000", 0x3820, ["c001:e000000000000000"], "below -1: operand kept"],
  ["fyl2xp1", 0x37f, "bfff:8000000000000000", "0000:0000000000000000", 0x3800, ["8000:0000000000000000"], "-1, y = 0: -0"],
  ["fyl2xp1", 0x37f, "bfff:8000000000000000", "7fff:8000000000000000", 0x3800, ["ffff:8000000000000000"], "-1, y = inf: -inf"],
  ["fyl2xp1", 0x37f, "bffe:ffffffffffffffff", "3fff:8000000000000000", 0x3820, ["c005:8000000000000000"], "just above -1: -64"],
  ["fyl2xp1", 0x37f, "4000:c000000000000000", "3fff:8000000000000000", 0x3820, ["4000:8000000000000000"], "3: 2"],
  ["fyl2xp1", 0x37f, "8000:0000000000000000", "4000:8000000000000000", 0x3800, ["8000:0000000000000000"], "-0"],
  ["fyl2xp1", 0x37f, "0000:0000000000000000", "7fff:8000000000000000", 0x3801, ["ffff:c000000000000000"], "0·inf: invalid"],
  ["fyl2xp1", 0x37f, "3f9b:b504f333f9de6484", "3fff:8000000000000000", 0x3a20, ["3f9c:8293edec3f1268e9"], "tiny"],
  ["fpatan", 0x37f, "0000:0000000000000000", "0000:0000000000000000", 0x3800, ["0000:0000000000000000"], "(0, 0): 0 exact"],
  ["fpatan", 0x37f, "8000:0000000000000000", "0000:0000000000000000", 0x3a20, ["4000:c90fdaa22168c235"], "(y 0, x -0): pi"],
  ["fpatan", 0x37f, "8000:0000000000000000", "8000:0000000000000000", 0x3a20, ["c000:c90fdaa22168c235"], "-pi"],
  ["fpatan", 0x37f, "0000:0000000000000000", "3fff:8000000000000000", 0x3a20, ["3fff:c90fdaa22168c235"], "pi/2"],
  ["fpatan", 0x37f, "ffff:8000000000000000", "7fff:8000000000000000", 0x3a20, ["4000:96cbe3f9990e91a8"], "3pi/4"],
  ["fpatan", 0x37f, "7fff:8000000000000000", "3fff:8000000000000000", 0x3800, ["0000:0000000000000000"], "0 exact"],
  ["fpatan", 0x77f, "3fff:8000000000000000", "3f9b:b504f333f9de6484", 0x3820, ["3f9b:b504f333f9de6483"], "tiny ratio, RC down: below t"],
  ["fpatan", 0x37f, "bfff:8000000000000000", "3f9b:b504f333f9de6484", 0x3a20, ["4000:c90fdaa22168c235"], "pi - tiny"],
  ["fpatan", 0x37f, "7fff:c000000000000800", "ffff:c000000000123800", 0x3800, ["ffff:c000000000123800"], "two NaNs: the larger significand (ST(1))"],
  ["fpatan", 0x37f, "ffff:c000000000123800", "7fff:c000000000000800", 0x3800, ["ffff:c000000000123800"], "two NaNs: the larger significand (ST(0))"],
  ["fyl2x", 0x37f, "7fff:8000000000000800", "ffff:c000000000123800", 0x3801, ["ffff:c000000000123800"], "an SNaN and a QNaN: IE, the larger significand"],
  ["fldpi", 0x37f, "0000:0000000000000000", "0000:0000000000000000", 0x2800, ["4000:c90fdaa22168c235", "0000:0000000000000000", "0000:0000000000000000"], "RC to nearest"],
  ["fldpi", 0x77f, "0000:0000000000000000", "0000:0000000000000000", 0x2800, ["4000:c90fdaa22168c234", "0000:0000000000000000", "0000:0000000000000000"], "RC down"],
  ["fldl2e", 0x37f, "0000:0000000000000000", "0000:0000000000000000", 0x2800, ["3fff:b8aa3b295c17f0bc", "0000:0000000000000000", "0000:0000000000000000"], "RC to nearest"],
  ["fldl2e", 0x77f, "0000:0000000000000000", "0000:0000000000000000", 0x2800, ["3fff:b8aa3b295c17f0bb", "0000:0000000000000000", "0000:0000000000000000"], "RC down"],
  ["fldl2t", 0xb7f, "0000:0000000000000000", "0000:0000000000000000", 0x2800, ["4000:d49a784bcd1b8aff", "0000:0000000000000000", "0000:0000000000000000"], "RC up"],
  ["fldl2t", 0x37f, "0000:0000000000000000", "0000:0000000000000000", 0x2800, ["4000:d49a784bcd1b8afe", "0000:0000000000000000", "0000:0000000000000000"], "RC to nearest"],
  ["fldlg2", 0x37f, "0000:0000000000000000", "0000:0000000000000000", 0x2800, ["3ffd:9a209a84fbcff799", "0000:0000000000000000", "0000:0000000000000000"], "RC to nearest"],
  ["fldlg2", 0xf7f, "0000:0000000000000000", "0000:0000000000000000", 0x2800, ["3ffd:9a209a84fbcff798", "0000:0000000000000000", "0000:0000000000000000"], "RC toward zero"],
  ["fldln2", 0x37f, "0000:0000000000000000", "0000:0000000000000000", 0x2800, ["3ffe:b17217f7d1cf79ac", "0000:0000000000000000", "0000:0000000000000000"], "RC to nearest"],
  ["fldln2", 0x77f, "0000:0000000000000000", "0000:0000000000000000", 0x2800, ["3ffe:b17217f7d1cf79ab", "0000:0000000000000000", "0000:0000000000000000"], "RC down"],
];

/**
 * The rare stored-double differences (README "x87 precision"): the hardware's 64-bit result
 * is an ulp from the exact value's rounding, which the core returns, and a later rounding to
 * double tells them apart. Found among 200,000 random cases (the only two).
 */
const DIFFERENT: [op: string, cw: number, st0: string, st1: string, native: string, core: string, why: string][] = [
  ["fcos", 0x77f, "c00e:f45cb30340a5b26e", "3fff:8000000000000000", "3ffd:85d2ea7b61422bff", "3ffd:85d2ea7b61422c00",
    "RC down: cos x lies 0.014 ulp above …2c00, a double; the hardware gives the number below"],
  ["f2xm1", 0x27f, "3ff1:d3cbdfb3ccf65a8a", "3fff:8000000000000000", "3ff1:92cfab0b5f690400", "3ff1:92cfab0b5f690401",
    "2^x − 1 lies 0.49 ulp below …0401; the hardware's …0400 is halfway between two doubles and rounds to even"],
];

/**
 * fscale beyond the extended range: the extended value (largest, smallest, ∞, 0) as the
 * double the core holds for it (README "x87 precision"), with the flags measured.
 */
const BEYOND_RANGE: [cw: number, st0: string, st1: string, fsw: number, value: number, what: string][] = [
  [0x37f, "4011:d0bbddd462169800", "404a:968797a9ace25000", 0x3228, Infinity, "overflow to nearest: ∞"],
  [0xf7f, "4011:d0bbddd462169800", "404a:968797a9ace25000", 0x3028, Number.MAX_VALUE, "overflow toward 0: 7ffe:ffffffffffffffff"],
  [0x77f, "c011:d0bbddd462169800", "c04a:968797a9ace25000", 0x3230, -Number.MIN_VALUE, "underflow down: 8000:0000000000000001"],
  [0x37f, "c011:d0bbddd462169800", "c04a:968797a9ace25000", 0x3030, -0, "underflow to nearest: −0"],
];

/** Seven fld1 and fldpi fill the stack, then the instruction: measured status word and ST(0..2). */
const FULL_STACK: [op: string, fsw: number, stack: string[]][] = [
  ["fxtract", 0x3a41, ["ffff:c000000000000000", "ffff:c000000000000000", "3fff:8000000000000000"]],
  ["fptan", 0x3a41, ["ffff:c000000000000000", "ffff:c000000000000000", "3fff:8000000000000000"]],
  ["fsincos", 0x3a41, ["ffff:c000000000000000", "ffff:c000000000000000", "3fff:8000000000000000"]],
  ["fldpi", 0x3a41, ["ffff:c000000000000000", "4000:c90fdaa22168c235", "3fff:8000000000000000"]],
];

describe("x87 instructions match the CPU", () => {
  for (const [op, cw, st0, st1, fsw, stack, what] of MEASURED) {
    it(`${op} ${st0} ${st1} cw=${cw.toString(16)}: ${what}`, () => {
      const got = run(op, cw, st0, st1);
      expect(got.stack).toEqual(stack);
      expect((got.fsw & FSW_MASK).toString(16)).toBe((fsw & FSW_MASK).toString(16));
    });
  }

  for (const [cw, st0, st1, fsw, v, what] of BEYOND_RANGE) {
    it(`fscale ${st0} ${st1} cw=${cw.toString(16)}: ${what}`, () => {
      const { cpu } = coreWith([...(OPCODES.fscale ?? []), 0xf4]);
      const f = cpu.fpu;
      f.control = cw;
      for (const x of [st1, st0]) f.push(readFloat80(image(x), 0));
      cpu.run(10);
      expect(Object.is(f.st(0), v)).toBe(true);
      expect((f.status & 0x7fff).toString(16)).toBe(fsw.toString(16));
    });
  }

  for (const [op, fsw, stack] of FULL_STACK) {
    it(`${op} on a full stack`, () => {
      const fill = [0xd9, 0xe8, 0xd9, 0xe8, 0xd9, 0xe8, 0xd9, 0xe8, 0xd9, 0xe8, 0xd9, 0xe8, 0xd9, 0xe8, 0xd9, 0xeb];
      const { cpu } = coreWith([...fill, ...(OPCODES[op] ?? []), 0xf4]);
      cpu.run(20);
      const f = cpu.fpu;
      expect([0, 1, 2].map((i) => {
        const out = new Uint8Array(10);
        writeFloat80(f.st(i), out, 0, f.low(i));
        return hex(out);
      })).toEqual(stack);
      expect(f.status.toString(16)).toBe(fsw.toString(16));
    });
  }

  for (const [op, cw, st0, st1, native, core, why] of DIFFERENT) {
    it(`${op} ${st0}: documented difference (${why})`, () => {
      const got = run(op, cw, st0, st1).stack[0];
      expect(got).toBe(core);
      expect(got).not.toBe(native);
    });
  }
});
