/**
 * Dead flag elimination inside a block. An instruction's lazy flag record (`c.fop=…;
 * c.fa=…; c.fb=…; c.fr=…; c.fcin=…;`) is dropped when a later instruction of the same
 * block records all flags again before anything could observe them: a flag read, a
 * helper call, a possible fault (the faulting instruction must see the flags as they
 * were) or the end of the block.
 */
const RECORD = /c\.fop=\d+;(?:c\.fa=[^;]+;)?(?:c\.fb=[^;]+;)?c\.fr=[^;]+;(?:c\.fcin=[^;]+;)?/g;
const OBSERVES = /c\.(?:cf|zf|sf|of|pf|af|cond|getFlags|setArith|setFlags|arithFlags)\(|c\.f(?:op|a|b|r|cin|lagBits)\b(?!=[^=])|\b[mhf]\.|throw|loadSegment/;

/** Lazy kinds that define all six flags (INC/DEC keep CF, so they also read it). */
function recordsAllFlags(body: string): boolean {
  return /c\.fop=\d+;/.test(body) && !/c\.fcin=ci;/.test(body);
}

export function eliminateDeadFlags(bodies: string[]): string[] {
  const out = bodies.slice();
  let overwritten = false;
  for (let i = out.length - 1; i >= 0; i--) {
    const body = out[i];
    const writes = /c\.fop=\d+;/.test(body);
    if (writes && overwritten) out[i] = body.replace(RECORD, "");
    const withoutRecord = body.replace(RECORD, "");
    if (OBSERVES.test(withoutRecord)) overwritten = false;
    else if (writes && recordsAllFlags(body)) overwritten = true;
  }
  return out;
}
