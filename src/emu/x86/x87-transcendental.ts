import { fnValue } from "./double-double.ts";
import { roundExact, rounded } from "./rounding.ts";
import { C1, C2, PE, signOf, ZE, type Fpu } from "./x87.ts";
import { arctangent, quarterTurns } from "./x87-atan.ts";
import { exp2Minus1 } from "./x87-exp2.ts";
import { yLog2X, yLog2XPlus1 } from "./x87-log.ts";
import { cosine, sine, tangent } from "./x87-trig.ts";

/**
 * The x87 transcendental instructions: operands (64-bit register values hi + lo) and
 * special cases as measured on this machine's AMD EPYC; the functions themselves are
 * computed in double-double (x87-trig, x87-log, x87-atan, x87-exp2).
 */

/**
 * A function value (fnValue) rounded to 64 bits by RC — the precision control does not
 * apply (measured) — with PE set even when the value is exact (fyl2x(8, 3) = 9 and
 * f2xm1(1) = 1 set it too) and C1 telling a round-up; the rest goes to rounded.low.
 */
function rounded64(f: Fpu, hi: number): number {
  const r = roundExact(hi, fnValue.lo, 64, f.roundingControl, 0, fnValue.scaled, fnValue.tail);
  f.statusBits = (f.statusBits & ~C1) | PE | (rounded.up ? C1 : 0);
  return r;
}

function store(f: Fpu, i: number, hi: number): void {
  const r = rounded64(f, hi);
  f.setSt(i, r, rounded.low);
}

const finite = Number.isFinite;

/** The sign of |x| − limit for a finite x = hi + lo and a power of two `limit`. */
function compareMagnitude(hi: number, lo: number, limit: number): number {
  const a = Math.abs(hi);
  if (a !== limit) return a > limit ? 1 : -1;
  if (lo === 0) return 0;
  return (lo > 0) === (hi > 0) ? 1 : -1;
}

const SIN = 0, COS = 1, TAN = 2, SINCOS = 3;

/**
 * fsin, fcos, fptan, fsincos. NaN and ±∞ operands give the (quieted) NaN or the default NaN
 * (IE), which fptan and fsincos push a second time (measured); |x| ≥ 2^63 sets C2 and
 * leaves the stack alone; ±0 gives exact results; a full stack, two default NaNs.
 */
function trigonometric(f: Fpu, kind: number): void {
  const pushes = kind === TAN || kind === SINCOS;
  if (pushes && f.overflowsReplacingPush()) return;
  const x = f.st(0), xl = f.low(0);
  if (x !== x || !finite(x)) {
    const n = f.nanResult(x === x ? 0 : x, 0);
    f.setSt(0, n);
    if (pushes) f.push(n);
    return;
  }
  if (compareMagnitude(x, xl, 2 ** 63) >= 0) {
    f.statusBits |= C2;
    return;
  }
  f.statusBits &= ~(C1 | C2);
  if (x === 0) {
    if (kind === COS) f.setSt(0, 1);
    if (pushes) f.push(1);
    return;
  }
  switch (kind) {
    case SIN: store(f, 0, sine(x, xl)); break;
    case COS: store(f, 0, cosine(x, xl)); break;
    case TAN:
      store(f, 0, tangent(x, xl));
      f.push(1);
      break;
    default: {
      store(f, 0, sine(x, xl));
      const c = rounded64(f, cosine(x, xl));
      f.push(c, rounded.low);
    }
  }
}

/** ST(1) = r, pop: the end of fyl2x, fyl2xp1 and fpatan. */
function popInto(f: Fpu, r: number, lo = 0): void {
  f.setSt(1, r, lo);
  f.pop();
}

/**
 * fyl2x, fyl2xp1 and fpatan: ST(1) = a function of ST(1) and ST(0), then pop. A NaN operand
 * gives the NaN result; `special` finishes the instruction for the operands it takes
 * (zeros, infinities, domain edges) and says so; `value` gives the function value of the
 * others.
 */
function binary(
  f: Fpu,
  special: (f: Fpu, x: number, xl: number, y: number) => boolean,
  value: (yh: number, yl: number, xh: number, xl: number) => number,
): void {
  const x = f.st(0), xl = f.low(0), y = f.st(1), yl = f.low(1);
  f.statusBits &= ~C1;
  if (x !== x || y !== y) popInto(f, f.nanResult(y, x));
  else if (!special(f, x, xl, y)) {
    store(f, 1, value(y, yl, x, xl));
    f.pop();
  }
}

/**
 * A special case of fyl2x/fyl2xp1 given by IEEE arithmetic on the product y·log (the
 * measured results: 0·∞ and log of a negative number are invalid, ±0 · finite is a zero).
 */
function specialProduct(f: Fpu, r: number): void {
  popInto(f, r === r ? r : f.nanResult(0, 0));
}

/** fyl2x: y·log2 x. x = ±0 with a finite non-zero y divides by zero (ZE). */
function log2Special(f: Fpu, x: number, xl: number, y: number): boolean {
  if (!(x <= 0 || y === 0 || !finite(x) || !finite(y) || (x === 1 && xl === 0))) return false;
  if (x === 0 && y !== 0 && finite(y)) f.statusBits |= ZE;
  specialProduct(f, y * Math.log2(x));
  return true;
}

/**
 * fyl2xp1: y·log2(1 + x). Measured outside the domain: for x ≤ −1 and a finite non-zero y
 * the result is x itself (PE), for y = ±0 or ±∞ the product with a negative logarithm.
 */
function log2PlusOneSpecial(f: Fpu, x: number, xl: number, y: number): boolean {
  const belowDomain = x < -1 || (x === -1 && xl <= 0);
  if (x === 0 || y === 0 || !finite(x) || !finite(y)) specialProduct(f, y * (belowDomain ? -1 : Math.log1p(x)));
  else if (belowDomain) {
    f.statusBits |= PE;
    popInto(f, x, xl);
  } else return false;
  return true;
}

/** fpatan: atan2(y, x); zeros and infinities give multiples of π/4 (0 exactly). */
function arctangentSpecial(f: Fpu, x: number, _xl: number, y: number): boolean {
  if (x !== 0 && y !== 0 && finite(x) && finite(y)) return false;
  const angle = Math.atan2(y, x);
  const m = Math.round(Math.abs(angle) / (Math.PI / 4));
  if (m === 0) popInto(f, angle);
  else {
    store(f, 1, quarterTurns(m, signOf(y)));
    f.pop();
  }
  return true;
}

/**
 * f2xm1: 2^ST(0) − 1. Measured: ±∞ give +∞ and −1 exactly; beyond the domain |x| ≤ 1 the
 * operand is left as it is (PE).
 */
function f2xm1(f: Fpu): void {
  const x = f.st(0), xl = f.low(0);
  f.statusBits &= ~C1;
  if (x !== x) {
    f.setSt(0, f.nanResult(x, 0));
    return;
  }
  if (x === 0) return;
  if (!finite(x)) {
    f.setSt(0, x > 0 ? x : -1);
    return;
  }
  if (compareMagnitude(x, xl, 1) > 0) {
    f.statusBits |= PE;
    return;
  }
  store(f, 0, exp2Minus1(x, xl));
}

/** The instructions, as helpers of generated code (`h.fsin(f)` …). */
export const x87Transcendentals = {
  fsin: (f: Fpu): void => trigonometric(f, SIN),
  fcos: (f: Fpu): void => trigonometric(f, COS),
  fptan: (f: Fpu): void => trigonometric(f, TAN),
  fsincos: (f: Fpu): void => trigonometric(f, SINCOS),
  fyl2x: (f: Fpu): void => binary(f, log2Special, yLog2X),
  fyl2xp1: (f: Fpu): void => binary(f, log2PlusOneSpecial, yLog2XPlus1),
  fpatan: (f: Fpu): void => binary(f, arctangentSpecial, arctangent),
  f2xm1,
};
