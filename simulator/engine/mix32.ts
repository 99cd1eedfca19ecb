// splitmix32-style finaliser: spreads nearby seeds and indices over the whole 32-bit space. Unsigned, so a
// derived seed prints as a plain non-negative number; bitwise consumers see the same 32 bits either way.
export function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
