import type { Decoder } from "./decode.ts";
import type { OpcodeTables } from "./opcode-table.ts";

/**
 * x87 instructions (d8..df). Generated code uses `f` = c.fpu. Memory operand formats by
 * escape byte: d8 m32real, d9 various, da m32int, db m32int/m80, dc m64real, dd m64real,
 * de m16int, df m16int/m64int.
 */
const F = "const f=c.fpu;";

const memValue: Record<number, string> = {
  0xd8: "f.loadReal(h.fromSingle(m.r32(a)),true)",
  0xda: "m.r32(a)",
  0xdc: "f.loadReal(h.fromDouble(m.r32(a),m.r32((a+4)|0)))",
  0xde: "((m.r16(a)<<16)>>16)",
};

/** d8/da/dc/de memory forms: ST(0) = ST(0) op m. */
function arithMemory(d: Decoder, esc: number): string {
  return `${F}f.arith(${d.reg},0,${memValue[esc]},false);`;
}

/** d8 (ST0 op STi), dc (STi op ST0), de (STi op ST0 and pop) register forms. */
function arithRegister(d: Decoder, esc: number): string {
  const i = d.rm;
  const reg = (k: number): string => `f.st(${k}),`;
  const regTail = (k: number): string => `f.low(${k}),f.isEmpty(${k})`;
  if (esc === 0xd8) return `${F}f.arith(${d.reg},0,${reg(i)}false,${regTail(i)});`;
  let op = d.reg;
  if (op === 2 || op === 3) {
    if (esc === 0xde && !(op === 3 && i === 1)) return d.undefinedOpcode();
    return esc === 0xde ? `${F}f.arith(3,0,${reg(1)}true,${regTail(1)});` : `${F}f.arith(${op},0,${reg(i)}false,${regTail(i)});`;
  }
  if (op >= 4) op ^= 1;
  return `${F}f.arith(${op},${i},${reg(0)}${esc === 0xde},${regTail(0)});`;
}

function storeInt(bits: number, truncate: boolean, pop: boolean): string {
  if (bits === 64) return `${F}h.storeInt64(c,m,a,${truncate});${pop ? "f.pop();" : ""}`;
  const v = `f.toInteger(f.st(0),${bits},${truncate},f.low(0))`;
  const store = bits === 16 ? `m.w16(a,${v});` : `m.w32(a,${v});`;
  return `${F}${store}${pop ? "f.pop();" : ""}`;
}

function d9(d: Decoder): string {
  if (d.isMem) {
    switch (d.reg) {
      case 0: return `${F}f.push(f.loadReal(h.fromSingle(m.r32(a)),true));`;
      case 2: return `${F}m.w32(a,h.toSingle(f.toSingleValue(f.st(0),f.low(0))));`;
      case 3: return `${F}m.w32(a,h.toSingle(f.toSingleValue(f.st(0),f.low(0))));f.pop();`;
      case 4: return "h.loadEnvironment(c,m,a,false);";
      case 5: return "c.fpu.control=m.r16(a);";
      case 6: return "h.storeEnvironment(c,m,a,false);";
      case 7: return "m.w16(a,c.fpu.control);";
      default: return d.undefinedOpcode();
    }
  }
  const i = d.rm;
  switch (d.reg) {
    case 0: return `${F}f.push(f.st(${i}),f.low(${i}));`;
    case 1: return `${F}const x=f.st(0),y=f.st(${i}),xl=f.low(0),yl=f.low(${i});f.setSt(0,y,yl);f.setSt(${i},x,xl);`;
    case 2: return i === 0 ? "" : d.undefinedOpcode();
    case 3: return `${F}f.setSt(${i},f.st(0),f.low(0));f.pop();`;
    default: return d9Special((d.reg << 3) | i, d);
  }
}

/**
 * fld1 and fldz push exact values; fldl2t, fldl2e, fldpi, fldlg2, fldln2 (e9..ed) their
 * constant rounded by RC (x87-constants.ts).
 */
function d9Special(low: number, d: Decoder): string {
  const code = 0xc0 | low;
  if (code === 0xe8 || code === 0xee) return `${F}f.push(${code === 0xe8 ? 1 : 0});`;
  if (code >= 0xe9 && code <= 0xed) {
    const at = `${8 * (code - 0xe9)}+2*f.roundingControl`;
    return `${F}f.push(h.LOAD_CONSTANTS[${at}],h.LOAD_CONSTANTS[${at}+1]);`;
  }
  switch (code) {
    case 0xe0: return `${F}f.chs();`;
    case 0xe1: return `${F}f.abs();`;
    case 0xe4: return `${F}f.compare(f.st(0),0,true,f.low(0));`;
    case 0xe5: return `${F}f.examine();`;
    case 0xf0: return `${F}h.f2xm1(f);`;
    case 0xf1: return `${F}h.fyl2x(f);`;
    case 0xf2: return `${F}h.fptan(f);`;
    case 0xf3: return `${F}h.fpatan(f);`;
    case 0xf4: return `${F}f.extract();`;
    case 0xf5: return `${F}f.partialRemainder(true);`;
    case 0xf6: return `${F}f.top=(f.top-1)&7;`;
    case 0xf7: return `${F}f.top=(f.top+1)&7;`;
    case 0xf8: return `${F}f.partialRemainder(false);`;
    case 0xf9: return `${F}h.fyl2xp1(f);`;
    case 0xfa: return `${F}f.sqrt();`;
    case 0xfb: return `${F}h.fsincos(f);`;
    case 0xfc: return `${F}f.roundToInteger();`;
    case 0xfd: return `${F}f.fscale();`;
    case 0xfe: return `${F}h.fsin(f);`;
    case 0xff: return `${F}h.fcos(f);`;
    default: return d.undefinedOpcode();
  }
}

/** fcmovcc (da/db c0..df): condition from EFLAGS; an empty operand underflows either way. */
function fcmov(d: Decoder, negate: boolean): string {
  const cc = [2, 4, 6, 0xa][d.reg] ^ (negate ? 1 : 0);
  return `${F}if(f.isEmpty(0)||f.isEmpty(${d.rm})){f.st(0);f.st(${d.rm});f.setSt(0,h.DEFAULT_NAN);}`
    + `else if(c.cond(${cc})){f.setSt(0,f.st(${d.rm}),f.low(${d.rm}));}`;
}

/** fucomi (reg 5) / fcomi (reg 6), and the popping forms. */
function fcomi(d: Decoder, pop: boolean): string {
  return `${F}c.setArith(f.compareFlags(f.st(0),f.st(${d.rm}),${d.reg === 6},f.low(0),f.low(${d.rm})));${pop ? "f.pop();" : ""}`;
}

function da(d: Decoder): string {
  if (d.isMem) return arithMemory(d, 0xda);
  if (d.reg < 4) return fcmov(d, false);
  if (d.reg === 5 && d.rm === 1) return `${F}f.compare(f.st(0),f.st(1),false,f.low(0),f.low(1));f.pop();f.pop();`;
  return d.undefinedOpcode();
}

function db(d: Decoder): string {
  if (d.isMem) {
    switch (d.reg) {
      case 0: return `${F}f.push(m.r32(a));`;
      case 1: return storeInt(32, true, true);
      case 2: return storeInt(32, false, false);
      case 3: return storeInt(32, false, true);
      case 5: return "h.loadExtended(c,m,a);";
      case 7: return `${F}h.storeExtended(m,a,f.st(0),f.low(0));f.pop();`;
      default: return d.undefinedOpcode();
    }
  }
  if (d.reg < 4) return fcmov(d, true);
  if (d.reg === 4) {
    if (d.rm === 2) return "c.fpu.statusBits&=0x7f00;";
    if (d.rm === 3) return "c.fpu.reset();";
    if (d.rm === 0 || d.rm === 1 || d.rm === 4) return "";
    return d.undefinedOpcode();
  }
  if (d.reg === 5 || d.reg === 6) return fcomi(d, false);
  return d.undefinedOpcode();
}

function dd(d: Decoder): string {
  if (d.isMem) {
    switch (d.reg) {
      case 0: return `${F}f.push(f.loadReal(h.fromDouble(m.r32(a),m.r32((a+4)|0))));`;
      case 1: return storeInt(64, true, true);
      case 2: return `${F}h.storeDouble(m,a,f.toDoubleValue(f.st(0),f.low(0)));`;
      case 3: return `${F}h.storeDouble(m,a,f.toDoubleValue(f.st(0),f.low(0)));f.pop();`;
      case 4: return "h.loadEnvironment(c,m,a,true);";
      case 6: return "h.storeEnvironment(c,m,a,true);";
      case 7: return "m.w16(a,c.fpu.status);";
      default: return d.undefinedOpcode();
    }
  }
  const i = d.rm;
  switch (d.reg) {
    case 0: return `c.fpu.empty|=1<<((c.fpu.top+${i})&7);`;
    case 2: return `${F}f.setSt(${i},f.st(0),f.low(0));`;
    case 3: return `${F}f.setSt(${i},f.st(0),f.low(0));f.pop();`;
    case 4: return `${F}f.compare(f.st(0),f.st(${i}),false,f.low(0),f.low(${i}));`;
    case 5: return `${F}f.compare(f.st(0),f.st(${i}),false,f.low(0),f.low(${i}));f.pop();`;
    default: return d.undefinedOpcode();
  }
}

function df(d: Decoder): string {
  if (d.isMem) {
    switch (d.reg) {
      case 0: return `${F}f.push((m.r16(a)<<16)>>16);`;
      case 1: return storeInt(16, true, true);
      case 2: return storeInt(16, false, false);
      case 3: return storeInt(16, false, true);
      case 4: return "h.loadBcd(c,m,a);";
      case 5: return "h.loadInt64(c,m,a);";
      case 6: return "h.storeBcd(c,m,a);";
      case 7: return storeInt(64, false, true);
      default: return d.undefinedOpcode();
    }
  }
  if (d.reg === 4 && d.rm === 0) return "r[0]=(r[0]&-65536)|c.fpu.status;";
  if (d.reg === 5 || d.reg === 6) return fcomi(d, true);
  return d.undefinedOpcode();
}

export function installX87(t: OpcodeTables): void {
  const arith = (esc: number) => (d: Decoder): string => {
    d.modrm();
    return d.isMem ? arithMemory(d, esc) : arithRegister(d, esc);
  };
  t.one[0xd8] = arith(0xd8);
  t.one[0xdc] = arith(0xdc);
  t.one[0xde] = arith(0xde);
  const withModrm = (f: (d: Decoder) => string) => (d: Decoder): string => { d.modrm(); return f(d); };
  t.one[0xd9] = withModrm(d9);
  t.one[0xda] = withModrm(da);
  t.one[0xdb] = withModrm(db);
  t.one[0xdd] = withModrm(dd);
  t.one[0xdf] = withModrm(df);
}
