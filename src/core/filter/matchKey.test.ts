import { trimText } from '../model/settings';
import { isMatchSpace, matchKey } from './matchKey';

describe('matchKey', () => {
  it('reads the name Microsoft logs and the one a person types as the same', () => {
    const logged = 'Update application \u2013 Certificates and secrets management ';
    expect(matchKey(logged)).toBe('update application - certificates and secrets management');
    expect(matchKey('update application - certificates and secrets management')).toBe(matchKey(logged));
  });

  it.each([
    ['\u2010', 'hyphen'],
    ['\u2011', 'non-breaking hyphen'],
    ['\u2012', 'figure dash'],
    ['\u2014', 'em dash'],
    ['\u2015', 'horizontal bar'],
    ['\u2212', 'minus sign'],
    ['\uFE63', 'small hyphen-minus'],
    ['\uFF0D', 'full-width hyphen-minus'],
  ])('writes %s (%s) as a hyphen-minus', (dash) => {
    expect(matchKey(`A ${dash} B`)).toBe('a - b');
  });

  it('keeps wave dashes and inner white space as they are', () => {
    expect(matchKey('A\u301cB')).toBe('a\u301cb');
    expect(matchKey(' A  \u00a0B\t')).toBe('a  \u00a0b');
  });

  it('trims exactly what settings are trimmed of, and nothing else', () => {
    const differing: number[] = [];
    for (let cp = 0; cp <= 0xffff; cp++) {
      const surrogate = cp >= 0xd800 && cp <= 0xdfff;
      if (!surrogate && isMatchSpace(cp) !== (trimText(`${String.fromCharCode(cp)}x`) === 'x')) {
        differing.push(cp);
      }
    }
    expect(differing).toEqual([]);
  });

  it('folds letter case as Go does (dotted capital I to a plain i)', () => {
    expect(matchKey('\u0130NVITE')).toBe('invite');
  });
});
