import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectLanguage } from '../../src/ingest/language.ts';

describe('detectLanguage', () => {
  const cases: [language: string, text: string][] = [
    ['en', 'The council said on Monday that the new bridge would open in spring, and that it had been paid for by the region.'],
    ['fr', 'Le conseil municipal a annoncé lundi que le nouveau pont ouvrira au printemps et qu’il a été financé par la région.'],
    ['de', 'Der Stadtrat teilte am Montag mit, dass die neue Brücke im Frühjahr eröffnet wird und von der Region bezahlt wurde.'],
    ['es', 'El ayuntamiento anunció el lunes que el nuevo puente abrirá en primavera y que fue pagado por la región entera.'],
    ['nl', 'De gemeenteraad maakte maandag bekend dat de nieuwe brug in het voorjaar opengaat en door de regio is betaald.'],
    ['ru', 'Городской совет объявил в понедельник, что новый мост откроется весной и что его оплатил регион.'],
  ];
  for (const [language, text] of cases) {
    it(`tells ${language}`, () => assert.equal(detectLanguage(text), language));
  }

  it('reads past a title-case headline', () => {
    const text = `Bridge Opens In Spring\n${cases[1]?.[1] ?? ''} ${cases[1]?.[1] ?? ''} ${cases[1]?.[1] ?? ''}`;
    assert.equal(detectLanguage(text), 'fr');
  });

  for (const tooShort of ['', 'OK', '12 34 56', 'Hello']) {
    it(`does not guess from ${JSON.stringify(tooShort)}`, () => assert.equal(detectLanguage(tooShort), 'und'));
  }
});
