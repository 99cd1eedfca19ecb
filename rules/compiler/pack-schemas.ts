// The SOP pack format's schemas, through which the compiler reads a pinned bundle (fields added since it was pinned
// take their defaults). A module of its own so that a host may put a lazy one in its place: the workflow bundle
// does (workflows/pack-schemas-lazy.ts), since every case workflow evaluates the modules it imports, these schemas
// were most of that work, and a case compiles a pack only when no case before it in the worker did.
export { sopPack } from '../schema/sop-pack';
export { sopOverlay } from '../schema/sop-overlay';
