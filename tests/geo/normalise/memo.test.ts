import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deepFreeze, memoiseText } from '../../../geo/normalise/memo.ts';
import { foldKey, foldSameLength, stripDiacritics } from '../../../geo/normalise/text.ts';

/** The definitions the fast paths of text.ts must agree with. */
const stripByDefinition = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
const foldSameLengthByDefinition = (text: string) => {
  let out = '';
  for (const ch of text) {
    const folded = stripByDefinition(ch).toLowerCase();
    const kept = folded.length === ch.length ? folded : ch.toLowerCase();
    out += kept.length === ch.length ? kept : ch;
  }
  return out;
};

describe('memoiseText', () => {
  it('computes once per distinct text and returns the same result', () => {
    let calls = 0;
    const twice = memoiseText((text: string) => ({ text: text + text, calls: ++calls }));
    const first = twice('ab');
    expect(twice('ab')).toBe(first);
    expect(twice('cd')).toEqual({ text: 'cdcd', calls: 2 });
    expect(calls).toBe(2);
  });
  it('remembers undefined and empty-string results too', () => {
    let calls = 0;
    const nothing = memoiseText(() => { calls += 1; return undefined; });
    nothing('');
    nothing('');
    expect(calls).toBe(1);
  });
  it('freezes shared results deeply, so one caller cannot change them for the next', () => {
    const parse = memoiseText((text: string) => ({ value: { parts: text.split(' ') }, flags: [] as string[] }));
    const result = parse('a b');
    expect(Object.isFrozen(result) && Object.isFrozen(result.value.parts) && Object.isFrozen(result.flags)).toBe(true);
    expect(() => result.flags.push('x')).toThrow(TypeError);
  });
  it('starts over when full, keeping memory bounded', () => {
    let calls = 0;
    const id = memoiseText((text: string) => { calls += 1; return text; }, 2);
    id('a'); id('b'); id('c'); // full at c: cleared, c kept
    id('c');
    expect(calls).toBe(3);
    id('a');
    expect(calls).toBe(4);
  });
  it('remembers nothing with zero entries', () => {
    let calls = 0;
    const id = memoiseText((text: string) => { calls += 1; return text; }, 0);
    id('a'); id('a');
    expect(calls).toBe(2);
  });
  it('deepFreeze leaves primitives alone', () => {
    expect(deepFreeze(3)).toBe(3);
    expect(deepFreeze(null)).toBe(null);
  });
});

describe('accent folding fast paths agree with their definitions', () => {
  // Vietnamese, Latin-1, other Latin, Greek, Cyrillic with combining marks, a mark outside U+0300–U+036F, astral and CJK.
  const alphabet = fc.constantFrom(
    ...'aăâđĐeêoôơuưyÀÁẠẢÃàáạảãẦẤẬẨẪầấậẩẫưừứựửữỳýỵỷỹÝỲæÆøØßÿœŒǅǈǲĳŉſΐΰάέήίϊϋόύώÅåÇçÑñ'.split(''),
    'a', 'Z', '0', ' ', '-', '.', '\u0301', '\u0323', '\u0309', '\u0483', '\u05b0', '\u0952', '\u1dc0', '\u20d0', '\u3099',
    'Ω', 'й', 'ё', 'Й', 'İ', 'ı', '\u00a0', '\u200b', '東', '😀', '𝔸', 'ﬁ', 'Å',
  );
  const text = fc.array(alphabet, { maxLength: 12 }).map((chars) => chars.join(''));
  it('stripDiacritics', () => {
    fc.assert(fc.property(text, (t) => stripDiacritics(t) === stripByDefinition(t)), { numRuns: 2000 });
  });
  it('foldSameLength', () => {
    fc.assert(fc.property(text, (t) => foldSameLength(t) === foldSameLengthByDefinition(t)), { numRuns: 2000 });
  });
  it('every character below U+2000 folds as on its own', () => {
    for (let code = 0; code < 0x2000; code++) {
      const ch = String.fromCharCode(code);
      expect(stripDiacritics(`x${ch}y`)).toBe(stripByDefinition(`x${ch}y`));
      expect(foldSameLength(ch)).toBe(foldSameLengthByDefinition(ch));
    }
  });
  it.each([
    ['Nguyễn Thị Thuỷ', 'nguyen thi thuy'],
    ['ĐƯỜNG Lê Lợi', 'duong le loi'],
    ['e\u0301\u0483a', 'e a'],
  ])('foldKey(%j) = %j', (input, expected) => expect(foldKey(input)).toBe(expected));
});
