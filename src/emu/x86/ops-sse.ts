import type { Decoder } from "./decode.ts";
import type { OpcodeTables } from "./opcode-table.ts";

/**
 * MMX, SSE and SSE2 instructions. Generated code works on `c.vec` (bound to `v`): XMMn at
 * byte offset 16·n, a memory or MMX source loaded at 128, an MMX destination at 144 (see
 * vector-file.ts). The mandatory prefix (none, 66, F3, F2) selects the instruction.
 */
type Form = "none" | "66" | "f3" | "f2";

function form(d: Decoder): Form {
  if (d.rep === 0xf3) return "f3";
  if (d.rep === 0xf2) return "f2";
  return d.prefix66 ? "66" : "none";
}

const V = "const v=c.vec;";

/** Source operand xmm/m(bytes): code and byte offset. Packed 16-byte memory operands must be aligned. */
function xsrc(d: Decoder, bytes: number, aligned = bytes === 16): [string, string] {
  if (!d.isMem) return ["", String(d.rm * 16)];
  return [`${aligned ? "if(a&15)throw h.gp(0);" : ""}m.readBytes(a,${bytes},v.u8,128);`, "128"];
}

/** Source operand mm/m64. */
function msrc(d: Decoder): [string, string] {
  if (!d.isMem) return [`h.mmxGet(c,${d.rm},128);`, "128"];
  return ["m.readBytes(a,8,v.u8,128);", "128"];
}

/** An MMX instruction on destination mm(reg) and source mm/m64. */
function mmxOp(d: Decoder, body: (dst: string, src: string) => string): string {
  const [load, s] = msrc(d);
  return `${V}h.mmxEnter(c);h.mmxGet(c,${d.reg},144);${load}${body("144", s)}h.mmxSet(c,${d.reg},144);`;
}

function packedInt(name: string, xmmOnly = false) {
  return (d: Decoder): string => {
    d.modrm();
    const f = form(d);
    if (f === "66") {
      const [load, s] = xsrc(d, 16);
      return `${V}${load}h.pk.${name}(v,${d.reg * 16},${s},16);`;
    }
    if (f !== "none" || xmmOnly) return d.undefinedOpcode();
    return mmxOp(d, (dst, src) => `h.pk.${name}(v,${dst},${src},8);`);
  };
}

/** Arithmetic 0F 51, 58..5F: ps / pd / ss / sd by prefix. */
function floatArith(op: string, packedOnly = false) {
  return (d: Decoder): string => {
    d.modrm();
    const f = form(d);
    if (packedOnly && (f === "66" || f === "f2")) return d.undefinedOpcode();
    const double = f === "66" || f === "f2";
    const scalar = f === "f3" || f === "f2";
    const bytes = scalar ? (double ? 8 : 4) : 16;
    const [load, s] = xsrc(d, bytes);
    const count = scalar ? 1 : double ? 2 : 4;
    return `${V}${load}h.fl(c,"${op}",${double},${d.reg * 16},${s},${count});`;
  };
}

function bitwise(name: string) {
  return (d: Decoder): string => {
    d.modrm();
    const f = form(d);
    if (f === "f3" || f === "f2") return d.undefinedOpcode();
    const [load, s] = xsrc(d, 16);
    return `${V}${load}h.pk.${name}(v,${d.reg * 16},${s},16);`;
  };
}

/** Copies `bytes` from byte offset s to d in the vector file. */
const copy = (dst: string, src: string, bytes: number): string => `v.u8.copyWithin(${dst},${src},${src}+${bytes});`;
const zero = (at: number, bytes: number): string => `v.u8.fill(0,${at},${at + bytes});`;

function storeBytes(from: number, bytes: number, aligned: boolean): string {
  return `${aligned ? "if(a&15)throw h.gp(0);" : ""}m.writeBytes(a,${bytes},v.u8,${from});`;
}

/** 0F 10 / 0F 11: movups, movupd, movss, movsd (load and store forms). */
function movGroup(store: boolean) {
  return (d: Decoder): string => {
    d.modrm();
    const f = form(d);
    const bytes = f === "f3" ? 4 : f === "f2" ? 8 : 16;
    const reg = d.reg * 16, rm = d.rm * 16;
    if (store) {
      if (d.isMem) return `${V}${storeBytes(reg, bytes, false)}`;
      return `${V}${copy(String(rm), String(reg), bytes)}`;
    }
    if (!d.isMem) return `${V}${copy(String(reg), String(rm), bytes)}`;
    return `${V}m.readBytes(a,${bytes},v.u8,128);${zero(reg, 16)}${copy(String(reg), "128", bytes)}`;
  };
}

function movAligned(store: boolean) {
  return (d: Decoder): string => {
    d.modrm();
    const f = form(d);
    if (f === "f3" || f === "f2") return d.undefinedOpcode();
    const reg = d.reg * 16;
    if (store) return d.isMem ? `${V}${storeBytes(reg, 16, true)}` : `${V}${copy(String(d.rm * 16), String(reg), 16)}`;
    const [load, s] = xsrc(d, 16);
    return `${V}${load}${copy(String(reg), s, 16)}`;
  };
}

/** 0F 12/13/16/17: movlps/movlpd/movhps/movhpd, movhlps/movlhps. */
function movHalf(high: boolean, store: boolean) {
  return (d: Decoder): string => {
    d.modrm();
    const f = form(d);
    if (f === "f3" || f === "f2") return d.undefinedOpcode();
    const half = d.reg * 16 + (high ? 8 : 0);
    if (store) {
      if (!d.isMem) return d.undefinedOpcode();
      return `${V}${storeBytes(half, 8, false)}`;
    }
    if (!d.isMem) {
      if (f === "66") return d.undefinedOpcode();
      return `${V}${copy(String(half), String(d.rm * 16 + (high ? 0 : 8)), 8)}`;
    }
    return `${V}m.readBytes(a,8,v.u8,${half});`;
  };
}

/** 0F 6E movd mm/xmm, r/m32 and 0F 7E movd r/m32, mm/xmm; F3 0F 7E movq xmm, xmm/m64. */
function movd(toVector: boolean) {
  return (d: Decoder): string => {
    d.modrm();
    const f = form(d);
    if (!toVector && f === "f3") {
      const [load, s] = xsrc(d, 8, false);
      return `${V}${load}const lo=v.i32[${s}/4],hi=v.i32[${s}/4+1];${zero(d.reg * 16, 16)}v.i32[${d.reg * 4}]=lo;v.i32[${d.reg * 4 + 1}]=hi;`;
    }
    if (f === "f3" || f === "f2") return d.undefinedOpcode();
    if (f === "66") {
      if (toVector) return `${V}const x=${d.rmRead(4)};${zero(d.reg * 16, 16)}v.i32[${d.reg * 4}]=x;`;
      return `${V}${d.rmWrite(4, `v.i32[${d.reg * 4}]`)}`;
    }
    if (toVector) return `${V}const x=${d.rmRead(4)};h.mmxEnter(c);v.i32[36]=x;v.i32[37]=0;h.mmxSet(c,${d.reg},144);`;
    return `${V}h.mmxEnter(c);h.mmxGet(c,${d.reg},144);${d.rmWrite(4, "v.i32[36]")}`;
  };
}

/** 0F 6F / 0F 7F: movq mm, movdqa, movdqu. */
function movq(store: boolean) {
  return (d: Decoder): string => {
    d.modrm();
    const f = form(d);
    if (f === "f2") return d.undefinedOpcode();
    if (f === "none") {
      if (store) {
        if (d.isMem) return `${V}h.mmxEnter(c);h.mmxGet(c,${d.reg},144);m.writeBytes(a,8,v.u8,144);`;
        return `${V}h.mmxEnter(c);h.mmxGet(c,${d.reg},144);h.mmxSet(c,${d.rm},144);`;
      }
      const [load, s] = msrc(d);
      return `${V}h.mmxEnter(c);${load}h.mmxSet(c,${d.reg},${s});`;
    }
    const aligned = f === "66";
    const reg = d.reg * 16;
    if (store) return d.isMem ? `${V}${storeBytes(reg, 16, aligned)}` : `${V}${copy(String(d.rm * 16), String(reg), 16)}`;
    const [load, s] = xsrc(d, 16, aligned);
    return `${V}${load}${copy(String(reg), s, 16)}`;
  };
}

/** 0F D6: 66 movq xmm/m64, xmm; F3 movq2dq; F2 movdq2q. */
function movqD6(d: Decoder): string {
  d.modrm();
  const f = form(d);
  if (f === "66") {
    if (d.isMem) return `${V}m.writeBytes(a,8,v.u8,${d.reg * 16});`;
    return `${V}${copy(String(d.rm * 16), String(d.reg * 16), 8)}${zero(d.rm * 16 + 8, 8)}`;
  }
  if (d.isMem) return d.undefinedOpcode();
  if (f === "f3") return `${V}h.mmxEnter(c);h.mmxGet(c,${d.rm},128);${zero(d.reg * 16, 16)}${copy(String(d.reg * 16), "128", 8)}`;
  if (f === "f2") return `${V}h.mmxEnter(c);${copy("144", String(d.rm * 16), 8)}h.mmxSet(c,${d.reg},144);`;
  return d.undefinedOpcode();
}

function shiftByRegister(size: number, kind: "l" | "r" | "a") {
  return (d: Decoder): string => {
    d.modrm();
    const f = form(d);
    if (f === "66") {
      const [load, s] = xsrc(d, 16);
      return `${V}${load}h.shiftLanes(v,${d.reg * 16},16,${size},"${kind}",h.shiftCount(v,${s}));`;
    }
    if (f !== "none") return d.undefinedOpcode();
    return mmxOp(d, (dst, src) => `h.shiftLanes(v,${dst},8,${size},"${kind}",h.shiftCount(v,${src}));`);
  };
}

/** 0F 71/72/73: shifts by immediate; 66 0F 73 /3 and /7 are psrldq/pslldq. */
function shiftImmediate(size: number) {
  return (d: Decoder): string => {
    d.modrm();
    if (d.isMem) return d.undefinedOpcode();
    const count = d.imm8();
    const f = form(d);
    const kinds: Record<number, "l" | "r" | "a"> = { 2: "r", 4: "a", 6: "l" };
    if (size === 8 && f === "66" && (d.reg === 3 || d.reg === 7)) {
      return `${V}h.byteShift(v,${d.rm * 16},${d.reg === 7},${Math.min(count, 16)});`;
    }
    const kind = kinds[d.reg];
    if (kind === undefined || (size === 8 && kind === "a")) return d.undefinedOpcode();
    if (f === "66") return `${V}h.shiftLanes(v,${d.rm * 16},16,${size},"${kind}",${count});`;
    if (f !== "none") return d.undefinedOpcode();
    return `${V}h.mmxEnter(c);h.mmxGet(c,${d.rm},144);h.shiftLanes(v,144,8,${size},"${kind}",${count});h.mmxSet(c,${d.rm},144);`;
  };
}

function pshuf(d: Decoder): string {
  d.modrm();
  const f = form(d);
  if (f === "none") {
    const [load, s] = msrc(d);
    const order = d.imm8();
    return `${V}h.mmxEnter(c);${load}h.shuffle(v,144,${s},2,4,0,${order});h.mmxSet(c,${d.reg},144);`;
  }
  const [load, s] = xsrc(d, 16);
  const order = d.imm8();
  const reg = d.reg * 16;
  const keep = (from: number, bytes: number): string => `v.u8.copyWithin(${reg + from},${s}+${from},${s}+${from + bytes});`;
  if (f === "66") return `${V}${load}h.shuffle(v,${reg},${s},4,4,0,${order});`;
  if (f === "f3") return `${V}${load}h.shuffle(v,${reg},${s},2,4,4,${order});${keep(0, 8)}`;
  return `${V}${load}h.shuffle(v,${reg},${s},2,4,0,${order});${keep(8, 8)}`;
}

function shufps(d: Decoder): string {
  d.modrm();
  const f = form(d);
  if (f === "f3" || f === "f2") return d.undefinedOpcode();
  const [load, s] = xsrc(d, 16);
  const imm = d.imm8();
  return `${V}${load}h.shufps(v,${d.reg * 16},${s},${f === "66"},${imm});`;
}

function movmsk(d: Decoder): string {
  d.modrm();
  const f = form(d);
  if (d.isMem || f === "f3" || f === "f2") return d.undefinedOpcode();
  const at = d.rm * 16;
  const bits = f === "66"
    ? `(v.u8[${at + 7}]>>7)|((v.u8[${at + 15}]>>7)<<1)`
    : `(v.u8[${at + 3}]>>7)|((v.u8[${at + 7}]>>7)<<1)|((v.u8[${at + 11}]>>7)<<2)|((v.u8[${at + 15}]>>7)<<3)`;
  return `${V}r[${d.reg}]=${bits};`;
}

function pmovmskb(d: Decoder): string {
  d.modrm();
  if (d.isMem) return d.undefinedOpcode();
  const f = form(d);
  if (f === "66") return `${V}r[${d.reg}]=h.pmovmskb(v,${d.rm * 16},16);`;
  if (f !== "none") return d.undefinedOpcode();
  return `${V}h.mmxEnter(c);h.mmxGet(c,${d.rm},128);r[${d.reg}]=h.pmovmskb(v,128,8);`;
}

function pinsrw(d: Decoder): string {
  d.modrm();
  const f = form(d);
  const x = d.isMem ? "m.r16(a)" : `(r[${d.rm}]&65535)`;
  const imm = d.imm8();
  if (f === "66") return `${V}v.u16[${d.reg * 8 + (imm & 7)}]=${x};`;
  if (f !== "none") return d.undefinedOpcode();
  return `${V}const x=${x};h.mmxEnter(c);h.mmxGet(c,${d.reg},144);v.u16[${72 + (imm & 3)}]=x;h.mmxSet(c,${d.reg},144);`;
}

function pextrw(d: Decoder): string {
  d.modrm();
  if (d.isMem) return d.undefinedOpcode();
  const f = form(d);
  const imm = d.imm8();
  if (f === "66") return `${V}r[${d.reg}]=v.u16[${d.rm * 8 + (imm & 7)}];`;
  if (f !== "none") return d.undefinedOpcode();
  return `${V}h.mmxEnter(c);h.mmxGet(c,${d.rm},128);r[${d.reg}]=v.u16[${64 + (imm & 3)}];`;
}

/** ucomiss/ucomisd (2e) and comiss/comisd (2f, which signal on quiet NaNs too). */
const comis = (signal: boolean) => (d: Decoder): string => {
  d.modrm();
  const f = form(d);
  if (f === "f3" || f === "f2") return d.undefinedOpcode();
  const double = f === "66";
  const [load, s] = xsrc(d, double ? 8 : 4, false);
  return `${V}${load}c.setArith(h.compareFlags(c,${double},${d.reg * 16},${s},${signal}));`;
};

function cmpps(d: Decoder): string {
  d.modrm();
  const f = form(d);
  const double = f === "66" || f === "f2";
  const scalar = f === "f3" || f === "f2";
  const [load, s] = xsrc(d, scalar ? (double ? 8 : 4) : 16);
  const imm = d.imm8();
  if (imm > 7) return d.undefinedOpcode();
  return `${V}${load}h.compareLanes(c,${double},${d.reg * 16},${s},${scalar ? 1 : double ? 2 : 4},${imm});`;
}

function unpckFloat(high: boolean) {
  return (d: Decoder): string => {
    d.modrm();
    const f = form(d);
    if (f === "f3" || f === "f2") return d.undefinedOpcode();
    const [load, s] = xsrc(d, 16);
    const name = f === "66" ? (high ? "punpckhqdq" : "punpcklqdq") : high ? "punpckhdq" : "punpckldq";
    return `${V}${load}h.pk.${name}(v,${d.reg * 16},${s},16);`;
  };
}

function conversion(op: number) {
  return (d: Decoder): string => {
    d.modrm();
    const f = form(d);
    const name = `cvt_${op.toString(16)}_${f}`;
    const { srcBytes, mmxSource, toGpr } = conversionShape(op, f, d);
    if (srcBytes < 0) return d.undefinedOpcode();
    let load: string, s: string;
    if (mmxSource) [load, s] = msrc(d);
    else [load, s] = xsrc(d, srcBytes, srcBytes === 16);
    const mmxDest = !toGpr && (op === 0x2c || op === 0x2d) && (f === "none" || f === "66");
    if (toGpr) return `${V}${load}r[${d.reg}]=h.cvt.${name}(c,v,${s});`;
    if (mmxDest) return `${V}${load}h.mmxEnter(c);h.cvt.${name}(c,v,144,${s});h.mmxSet(c,${d.reg},144);`;
    return `${V}${load}${mmxSource ? "h.mmxEnter(c);" : ""}h.cvt.${name}(c,v,${d.reg * 16},${s});`;
  };
}

function conversionShape(op: number, f: Form, d: Decoder): { srcBytes: number; mmxSource: boolean; toGpr: boolean } {
  switch (op) {
    case 0x2a:
      if (f === "none" || f === "66") return { srcBytes: 8, mmxSource: true, toGpr: false };
      return { srcBytes: d.isMem ? 4 : -2, mmxSource: false, toGpr: false };
    case 0x2c: case 0x2d:
      if (f === "none") return { srcBytes: 8, mmxSource: false, toGpr: false };
      if (f === "66") return { srcBytes: 16, mmxSource: false, toGpr: false };
      return { srcBytes: f === "f3" ? 4 : 8, mmxSource: false, toGpr: true };
    case 0x5a:
      return { srcBytes: f === "none" ? 8 : f === "66" ? 16 : f === "f3" ? 4 : 8, mmxSource: false, toGpr: false };
    case 0x5b:
      return { srcBytes: f === "f2" ? -1 : 16, mmxSource: false, toGpr: false };
    default:
      return { srcBytes: f === "none" ? -1 : f === "f3" ? 8 : 16, mmxSource: false, toGpr: false };
  }
}

/** cvtsi2ss/sd take a general register or m32 source. */
function cvtsi2(d: Decoder): string {
  d.modrm();
  const f = form(d);
  if (f === "f3" || f === "f2") return `${V}h.cvt.fromInt(c,${d.reg * 16},${d.rmRead(4)},${f === "f2"});`;
  return conversion(0x2a)(d);
}

function maskmov(d: Decoder): string {
  d.modrm();
  if (d.isMem) return d.undefinedOpcode();
  const f = form(d);
  if (f === "66") return `${V}h.maskmov(c,m,${d.reg * 16},${d.rm * 16},16);`;
  if (f !== "none") return d.undefinedOpcode();
  return `${V}h.mmxEnter(c);h.mmxGet(c,${d.reg},144);h.mmxGet(c,${d.rm},128);h.maskmov(c,m,144,128,8);`;
}

function movnt(d: Decoder): string {
  d.modrm();
  if (!d.isMem) return d.undefinedOpcode();
  const f = form(d);
  if (f === "66") return `${V}${storeBytes(d.reg * 16, 16, true)}`;
  if (f !== "none") return d.undefinedOpcode();
  return `${V}h.mmxEnter(c);h.mmxGet(c,${d.reg},144);m.writeBytes(a,8,v.u8,144);`;
}

function rcpLike(name: string) {
  return (d: Decoder): string => {
    d.modrm();
    const f = form(d);
    if (f === "66" || f === "f2") return d.undefinedOpcode();
    const scalar = f === "f3";
    const [load, s] = xsrc(d, scalar ? 4 : 16);
    return `${V}${load}h.${name}(v,${d.reg * 16},${s},${scalar ? 1 : 4});`;
  };
}

export function installSse(t: OpcodeTables): void {
  const two = t.two;
  // the three-byte maps 0f 38 and 0f 3a (SSSE3, SSE4) are not implemented: #UD naming the
  // third opcode byte as well
  two[0x38] = two[0x3a] = (d) => {
    d.byte();
    return d.undefinedOpcode();
  };
  two[0x10] = movGroup(false);
  two[0x11] = movGroup(true);
  two[0x12] = movHalf(false, false);
  two[0x13] = movHalf(false, true);
  two[0x14] = unpckFloat(false);
  two[0x15] = unpckFloat(true);
  two[0x16] = movHalf(true, false);
  two[0x17] = movHalf(true, true);
  two[0x28] = movAligned(false);
  two[0x29] = movAligned(true);
  two[0x2a] = cvtsi2;
  two[0x2b] = (d) => { d.modrm(); if (!d.isMem || d.rep) return d.undefinedOpcode(); return `${V}${storeBytes(d.reg * 16, 16, true)}`; };
  two[0x2c] = conversion(0x2c);
  two[0x2d] = conversion(0x2d);
  two[0x2e] = comis(false);
  two[0x2f] = comis(true);
  two[0x50] = movmsk;
  two[0x51] = floatArith("sqrt");
  two[0x52] = rcpLike("rsqrt");
  two[0x53] = rcpLike("rcp");
  two[0x54] = bitwise("pand");
  two[0x55] = bitwise("pandn");
  two[0x56] = bitwise("por");
  two[0x57] = bitwise("pxor");
  two[0x58] = floatArith("add");
  two[0x59] = floatArith("mul");
  two[0x5a] = conversion(0x5a);
  two[0x5b] = conversion(0x5b);
  two[0x5c] = floatArith("sub");
  two[0x5d] = floatArith("min");
  two[0x5e] = floatArith("div");
  two[0x5f] = floatArith("max");
  const ints: [number, string][] = [
    [0x60, "punpcklbw"], [0x61, "punpcklwd"], [0x62, "punpckldq"], [0x63, "packsswb"], [0x64, "pcmpgtb"],
    [0x65, "pcmpgtw"], [0x66, "pcmpgtd"], [0x67, "packuswb"], [0x68, "punpckhbw"], [0x69, "punpckhwd"],
    [0x6a, "punpckhdq"], [0x6b, "packssdw"], [0x74, "pcmpeqb"], [0x75, "pcmpeqw"], [0x76, "pcmpeqd"],
    [0xd4, "paddq"], [0xd5, "pmullw"], [0xd8, "psubusb"], [0xd9, "psubusw"], [0xda, "pminub"], [0xdb, "pand"],
    [0xdc, "paddusb"], [0xdd, "paddusw"], [0xde, "pmaxub"], [0xdf, "pandn"], [0xe0, "pavgb"], [0xe3, "pavgw"],
    [0xe4, "pmulhuw"], [0xe5, "pmulhw"], [0xe8, "psubsb"], [0xe9, "psubsw"], [0xea, "pminsw"], [0xeb, "por"],
    [0xec, "paddsb"], [0xed, "paddsw"], [0xee, "pmaxsw"], [0xef, "pxor"], [0xf4, "pmuludq"], [0xf5, "pmaddwd"],
    [0xf6, "psadbw"], [0xf8, "psubb"], [0xf9, "psubw"], [0xfa, "psubd"], [0xfb, "psubq"], [0xfc, "paddb"],
    [0xfd, "paddw"], [0xfe, "paddd"],
  ];
  for (const [op, name] of ints) two[op] = packedInt(name);
  two[0x6c] = packedInt("punpcklqdq", true);
  two[0x6d] = packedInt("punpckhqdq", true);
  two[0x6e] = movd(true);
  two[0x7e] = movd(false);
  two[0x6f] = movq(false);
  two[0x7f] = movq(true);
  two[0x70] = pshuf;
  two[0x71] = shiftImmediate(2);
  two[0x72] = shiftImmediate(4);
  two[0x73] = shiftImmediate(8);
  two[0x77] = (d) => (d.rep || d.prefix66 ? d.undefinedOpcode() : "h.emms(c);");
  two[0xc2] = cmpps;
  two[0xc3] = (d) => { d.modrm(); if (!d.isMem) return d.undefinedOpcode(); return `m.w32(a,r[${d.reg}]);`; };
  two[0xc4] = pinsrw;
  two[0xc5] = pextrw;
  two[0xc6] = shufps;
  two[0xd6] = movqD6;
  two[0xd7] = pmovmskb;
  two[0xe6] = conversion(0xe6);
  two[0xe7] = movnt;
  two[0xf7] = maskmov;
  const shifts: [number, number, "l" | "r" | "a"][] = [
    [0xd1, 2, "r"], [0xd2, 4, "r"], [0xd3, 8, "r"], [0xe1, 2, "a"], [0xe2, 4, "a"], [0xf1, 2, "l"], [0xf2, 4, "l"], [0xf3, 8, "l"],
  ];
  for (const [op, size, kind] of shifts) two[op] = shiftByRegister(size, kind);
}
