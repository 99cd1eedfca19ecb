// The compiler's entry, as the case engine reaches it. A module of its own so that a host may put a lazy one in its
// place: the workflow bundle does (workflows/sop-compiler-lazy.ts). Every case workflow evaluates the modules it
// imports, while a case compiles an SOP only when no case before it in the worker did (they share compilations).
export { compileSop, compileSopSync } from './compile-sop';
