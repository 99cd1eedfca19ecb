// The edit helpers must never silently point at the wrong line: ambiguous or missing fragments throw.
import { describe, expect, it } from 'vitest';
import { applyEdits, positionOf } from './helpers';

const text = ['a: 1', 'b:', '  - x: 1', '  - x: 1', 'c: 3'].join('\n');

describe('broken-pack helpers', () => {
  it('a caret in the replacement gives the line and column of the defect, and is removed', () => {
    expect(applyEdits(text, [{ replace: 'c: 3', with: 'c: ‸three' }])).toEqual({ text: text.replace('c: 3', 'c: three'), at: { line: 5, col: 4 } });
  });

  it('without a caret, the edit’s first line is the expected line', () => {
    expect(applyEdits(text, [{ after: 'a: 1', insert: 'z: 0' }]).at).toEqual({ line: 2 });
  });

  it('`below` picks the first matching line under an anchor', () => {
    const edited = applyEdits(text, [{ replace: 'x: 1', below: 'b:', with: 'x: ‸2' }]);
    expect(edited.at).toEqual({ line: 3, col: 8 });
  });

  it('refuses a fragment on several lines, or on none', () => {
    expect(() => applyEdits(text, [{ replace: 'x: 1', with: 'x: 2' }])).toThrow(/2 lines contain/);
    expect(() => applyEdits(text, [{ remove: 'nowhere' }])).toThrow(/no line contains/);
  });

  it('positionOf refuses a fragment that is not unique', () => {
    expect(() => positionOf(text, '- x: 1')).toThrow(/more than once/);
    expect(positionOf(text, 'b:\n  - ‸x')).toEqual({ line: 3, col: 5 });
  });
});
