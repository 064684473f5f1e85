/**
 * Double-double arithmetic for the x87 transcendental instructions. A value is the
 * unevaluated sum hi + lo of two doubles (|lo| ≤ ulp(hi)/2): about 106 significant bits,
 * 42 more than the x87 significand, so that a function value computed this way rounds to
 * 64 bits as the exact value would unless it lies within ~2^-100 (relative) of a rounding
 * boundary. Each operation returns hi and leaves lo in `dd.lo`: read it before the next one
 * (an object field, not a module variable: V8 boxes every double stored in one).
 *
 * These operations are small, so V8 inlines them; the functions built from them pass their
 * double-double values through object fields instead of arguments and results, because V8
 * boxes (allocates) every double passed to or returned from a call it does not inline, and
 * inlines only so much into one function.
 *
 * Relative errors are a few units of 2^-106. Dekker's product needs its operands within
 * ±2^995 and products above 2^-969 (the error terms must stay normal): callers exactResult.scale huge
 * and tiny arguments by powers of two first.
 */
export const dd = { lo: 0 };

/** a + b exactly (Knuth's TwoSum). */
export function ddSum(a: number, b: number): number {
  const s = a + b, v = s - a;
  dd.lo = (a - (s - v)) + (b - v);
  return s;
}

/** (ah + al) + (bh + bl), accurate also when the sum cancels (both parts' errors kept). */
export function ddAdd(ah: number, al: number, bh: number, bl: number): number {
  const s = ah + bh;
  let v = s - ah;
  let e = (ah - (s - v)) + (bh - v);
  const t = al + bl;
  v = t - al;
  const f = (al - (t - v)) + (bl - v);
  e += t;
  const h = s + e;
  e = e - (h - s) + f;
  const r = h + e;
  dd.lo = e - (r - h);
  return r;
}

const SPLIT = 134217729;

/**
 * a·b exactly (Dekker's product: each operand split into two 26-bit halves), the error
 * term in `dd.lo`. Written out and small, so that V8 inlines it wherever it is used.
 */
export function ddProduct(a: number, b: number): number {
  const p = a * b;
  let c = SPLIT * a;
  const ah = c - (c - a), al = a - ah;
  c = SPLIT * b;
  const bh = c - (c - b), bl = b - bh;
  dd.lo = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  return p;
}

/** (ah + al)·(bh + bl); al·bl (below 2^-106 of the product) is left out. */
export function ddMul(ah: number, al: number, bh: number, bl: number): number {
  const p = ddProduct(ah, bh);
  const e = dd.lo + (ah * bl + al * bh);
  const r = p + e;
  dd.lo = e - (r - p);
  return r;
}

/** (ah + al)/(bh + bl): the double quotient plus one correction from the exact remainder. */
export function ddDiv(ah: number, al: number, bh: number, bl: number): number {
  const q = ah / bh;
  const p = ddProduct(q, bh);
  const c = ((((ah - p) - dd.lo) + al) - q * bl) / bh;
  const r = q + c;
  dd.lo = c - (r - q);
  return r;
}

/**
 * A function value (hi + `lo`)·2^−`scaled` (the exactResult.scale of roundExact); `tail` is the sign of
 * what is left beyond hi + lo when that is known to matter (the value sits just beside a
 * 64-bit number), 0 otherwise.
 */
export const fnValue = { lo: 0, scaled: 0, tail: 0 };

/** Sets fnValue and returns hi: the usual way a function hands its value over. */
export function value(hi: number, lo: number, scaled = 0, tail = 0): number {
  fnValue.lo = lo;
  fnValue.scaled = scaled;
  fnValue.tail = tail;
  return hi;
}
