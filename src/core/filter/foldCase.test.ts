import { foldCase } from './foldCase';

describe('foldCase, as Go strings.ToLower', () => {
  it.each([
    ['İSTANBUL', 'istanbul'],
    ['ΣΊΣΥΦΟΣ', 'σίσυφοσ'],
    ['ΟΔΟΣ ΣΟΦΟΣ', 'οδοσ σοφοσ'],
    ['Straße', 'straße'],
    ['ＵＳＥＲ', 'ｕｓｅｒ'],
    ['\u212a', 'k'],
    ['i\u0307', 'i\u0307'],
    ['plain ascii', 'plain ascii'],
  ])('%s → %s', (text, folded) => {
    expect(foldCase(text)).toBe(folded);
  });
});
