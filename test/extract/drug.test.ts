/** The drug lexicon (vocab/drugs.json) and pharmacy request normalisation (record version 2 `drug`). */
import { readFileSync } from 'node:fs';
import { globSync } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import lexiconJson from '../../src/vocab/drugs.json' with { type: 'json' };
import { DRUG_LEXICON, loadDrugLexicon, nameKey } from '../../src/extract/services/drug-lexicon.js';
import { DRUG_GROUPS, DRUG_ROUTES, findDrugNames, lookupDrug, misspeltDrugName, parseDrugRequest } from '../../src/extract/services/drug.js';

const FILE = 'src/vocab/drugs.json';
/** A deep copy of the shipped lexicon file to break on purpose. */
const copy = () => JSON.parse(JSON.stringify(lexiconJson)) as { drugs: Record<string, unknown>[] } & Record<string, unknown>;
/** The parse without its evidence, for comparing values. */
const values = (request: string) => {
  const { evidence: _evidence, ...rest } = parseDrugRequest(request);
  return rest;
};

describe('drug lexicon: every entry valid', () => {
  it('has entries of every group the record defines', () => {
    const groups = new Set(DRUG_LEXICON.entries.map((e) => e.group));
    for (const g of DRUG_GROUPS) expect(groups, g).toContain(g);
    expect(DRUG_LEXICON.entries.length).toBeGreaterThan(900);
  });

  it('each entry: lower-case sorted ingredients, known group and routes, compound exactly when group is compound', () => {
    for (const e of DRUG_LEXICON.entries) {
      const where = e.names[0];
      expect(e.ingredients, where).toEqual([...new Set(e.ingredients)].sort());
      for (const i of e.ingredients) expect(i, where).toBe(i.toLowerCase());
      expect(DRUG_GROUPS, where).toContain(e.group);
      expect(e.routes.length, where).toBeGreaterThan(0);
      for (const r of e.routes) expect(DRUG_ROUTES, where).toContain(r);
      expect(e.compound, where).toBe(e.group === 'compound');
      if (e.routes.every((r) => r === 'topical') && e.ingredients.length >= 2) expect(e.compound, where).toBe(true);
      // Only medical foods and products no public label settles go without ingredients.
      if (e.ingredients.length === 0) expect(['medical-food', 'compound', 'other'], where).toContain(e.group);
    }
  });

  it('each name finds its own entry, as a lookup and inside a sentence', () => {
    for (const e of DRUG_LEXICON.entries) {
      for (const name of e.names) {
        expect(lookupDrug(name), name).toBe(e);
        const printed = /^[a-z]/.test(name) ? name[0]!.toUpperCase() + name.slice(1) : name;
        const found = findDrugNames(`She was given ${printed} today.`);
        expect(found.map((m) => m.entry), name).toEqual([e]);
      }
    }
  });

  it('group facts the annotation conventions settle', () => {
    const group = (name: string) => lookupDrug(name)?.group;
    expect(group('Norco')).toBe('opioid');
    expect(group('Fioricet')).toBe('other');
    expect(group('Rizatriptan')).toBe('migraine');
    expect(group('Flector')).toBe('topical-analgesic');
    expect(group('Ondansetron')).toBe('antiemetic');
    expect(group('Sildenafil')).toBe('other');
    expect(group('Senna')).toBe('other');
    expect(group('Famotidine')).toBe('gi-protective');
    expect(group('Eszopiclone')).toBe('sleep-aid');
    expect(group('Theramine')).toBe('medical-food');
    for (const relaxant of ['cyclobenzaprine', 'carisoprodol', 'methocarbamol', 'orphenadrine', 'metaxalone', 'tizanidine', 'baclofen', 'chlorzoxazone']) {
      expect(group(relaxant), relaxant).toBe('muscle-relaxant');
    }
    expect(lookupDrug('Percocet')?.ingredients).toEqual(['acetaminophen', 'oxycodone']);
    expect(lookupDrug('Fioricet')?.ingredients).toEqual(['acetaminophen', 'butalbital', 'caffeine']);
  });

  it('a name that is also an ordinary word is a drug only when printed capitalised', () => {
    expect(findDrugNames('The patient is well versed in a home exercise program.')).toEqual([]);
    expect(findDrugNames('Versed 2 mg was given before the procedure.').map((m) => m.entry.ingredients)).toEqual([['midazolam']]);
  });

  it('names with salt and release words after them are the same drug', () => {
    expect(lookupDrug('Pantoprazole sod DR')?.ingredients).toEqual(['pantoprazole']);
    expect(lookupDrug('Orphenadrine Citrate ER')?.ingredients).toEqual(['orphenadrine']);
    expect(lookupDrug('Tramadol HCl ER')?.ingredients).toEqual(['tramadol']);
    expect(lookupDrug('Norco hospital')).toBeNull();
  });

  it('a misspelt name with a drug ending is caught, an ordinary word is not', () => {
    expect(misspeltDrugName('Flurbiprophen')?.ingredients).toEqual(['flurbiprofen']);
    expect(misspeltDrugName('Clonazapam')?.ingredients).toEqual(['clonazepam']);
    expect(misspeltDrugName('examined')).toBeNull();
    expect(misspeltDrugName('Cyclobenzaprine')).toBeNull(); // a lexicon name is not a misspelling
  });
});

describe('drug lexicon: a bad file fails at load naming the file and the path', () => {
  it('an unknown group', () => {
    const bad = copy();
    bad.drugs[3] = { ...bad.drugs[3], group: 'painkiller' };
    expect(() => loadDrugLexicon(bad, FILE)).toThrow(/src\/vocab\/drugs\.json: drugs\.3\.group: /);
  });
  it('unsorted ingredients, and a compound not grouped as one', () => {
    const bad = copy();
    bad.drugs[0] = { ...bad.drugs[0], ingredients: ['hydrocodone', 'acetaminophen'] };
    bad.drugs[5] = { ...bad.drugs[5], compound: true };
    const thrown = (() => {
      try {
        loadDrugLexicon(bad, FILE);
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(thrown).toMatch(/drugs\.json: drugs\.0\.ingredients: must be sorted/);
    expect(thrown).toMatch(/drugs\.json: drugs\.5\.compound: /);
  });
  it('one name in two entries', () => {
    const bad = copy();
    const indexOf = (name: string) => bad.drugs.findIndex((d) => (d.names as string[]).includes(name));
    const [norco, vicodin] = [indexOf('Norco'), indexOf('Vicodin')];
    bad.drugs[vicodin] = { ...bad.drugs[vicodin], names: ['Vicodin', 'Norco'] };
    expect(() => loadDrugLexicon(bad, FILE)).toThrow(`drugs.${vicodin}.names.1: name "Norco" also belongs to drugs[${norco}]`);
  });
  it('a salt left in an ingredient', () => {
    const bad = copy();
    bad.drugs[2] = { ...bad.drugs[2], ingredients: ['acetaminophen', 'hydrocodone bitartrate'] };
    expect(() => loadDrugLexicon(bad, FILE)).toThrow(/drugs\.2\.ingredients\.1: salt not dropped/);
  });
});

describe('drug lexicon: one drug under several names is one generic (the medication list counts it once)', () => {
  it('brands and generics of one drug share a generic; distinct products do not', () => {
    const same: string[][] = [
      ['Norco', 'Hydrocodone', 'Hydrocodone/APAP', 'Vicodin', 'Lortab'],
      ['Flexeril', 'Cyclobenzaprine', 'Fexmid', 'Amrix'],
      ['Motrin', 'Advil', 'Ibuprofen'],
      ['Naprosyn', 'Naproxen', 'Anaprox DS', 'Aleve'],
      ['Ultram', 'Tramadol', 'Ultram ER', 'Tramadol ER'],
      ['Lyrica', 'Pregabalin'],
      ['Neurontin', 'Gabapentin'],
      ['Soma', 'Carisoprodol'],
      ['Tylenol #3', 'Codeine'],
      ['Lidoderm', 'Lidocaine patch', 'AneCream'],
    ];
    for (const names of same) {
      const generics = new Set(names.map((n) => lookupDrug(n)?.generic));
      expect([...generics], names.join(', ')).toHaveLength(1);
      expect(generics.has(undefined), names.join(', ')).toBe(false);
    }
    // A compounding kit or a multi-agent topical is its own medication, not its main ingredient.
    expect(lookupDrug('Cyclophene')!.generic).not.toBe('cyclobenzaprine');
    expect(lookupDrug('LidoPro')!.generic).not.toBe(lookupDrug('Lidoderm')!.generic);
    expect(lookupDrug('Norco')!.generic).not.toBe(lookupDrug('Percocet')!.generic);
  });

  it('the misspelling endings moved into the data', () => {
    expect(DRUG_LEXICON.words.misspellingSuffixes).toEqual(
      expect.arrayContaining(['profen', 'azepam', 'codone', 'prazole', 'triptan', 'aprine', 'oxib', 'zole']),
    );
  });
});

describe('parseDrugRequest: the drug of a pharmacy request', () => {
  it('a brand with strength, count and refills', () => {
    expect(values('Vicodin 5/300mg #120 with 1 refill')).toEqual({
      ingredients: ['acetaminophen', 'hydrocodone'], brand: 'Vicodin', group: 'opioid', compound: false,
      route: 'oral', strength: '5/300mg', quantity: 120, refills: 1,
    });
  });

  it('a generic combination: no brand, strength without spaces, `quantity` counted', () => {
    expect(values('Hydrocodone/APAP 7.5/325 mg, quantity 60')).toMatchObject({
      ingredients: ['acetaminophen', 'hydrocodone'], brand: null, group: 'opioid', strength: '7.5/325mg', quantity: 60,
    });
    expect(values('Oxycodone-acetaminophen 10/325 Qty: 45').quantity).toBe(45);
  });

  it('a generic with its brand in brackets takes the brand as printed', () => {
    expect(values('Celecoxib (celebrex) 200 mg #30')).toMatchObject({ ingredients: ['celecoxib'], brand: 'celebrex', group: 'nsaid' });
  });

  it('salts and release forms are dropped from ingredients; a release word means oral', () => {
    expect(values('Tizanidine HCl 4mg #90')).toMatchObject({ ingredients: ['tizanidine'], brand: null, route: 'oral', strength: '4mg' });
    expect(values('Diclofenac sodium ER 75 mg #60')).toMatchObject({ ingredients: ['diclofenac'], group: 'nsaid', route: 'oral' });
  });

  it('a bare number right after the name is its strength, an amount in grams or millilitres is not', () => {
    expect(values('Norco 7.5/325 #60').strength).toBe('7.5/325');
    expect(values('Carisoprodol 250 #30').strength).toBe('250');
    expect(values('Lidocaine 5% ointment 35.44 grams')).toMatchObject({ strength: '5%', quantity: null });
    expect(values('Ondansetron 4mg/5ml oral solution 50ml')).toMatchObject({ strength: '4mg/5ml', route: 'oral', quantity: null });
    expect(values('Dilaudid 2 mg 1-2 tabs every 6 hrs #40')).toMatchObject({ strength: '2mg', quantity: 40 });
    expect(values('Percocet 1-2 tabs every 6 hours #30').strength).toBeNull(); // a dose count is not a strength
  });

  it('strengths joined by a hyphen stay as printed; grams after # are an amount, not a count', () => {
    expect(values('Lortab 7.5-325 mg #90')).toMatchObject({ strength: '7.5-325mg', quantity: 90 });
    expect(values('Terocin 25%-0.025%-10%-2.5% lotion 120ml #1')).toMatchObject({ strength: '25%-0.025%-10%-2.5%', quantity: 1 });
    expect(values('Pennsaid 2% solution #112 grams').quantity).toBeNull();
  });

  it('refills in words and numbers, and none', () => {
    expect(values('Three refills of Pantoprazole 40mg #30').refills).toBe(3);
    expect(values('Omeprazole 20 mg #30, refills: 2').refills).toBe(2);
    expect(values('Naproxen 500mg #60 x 4 refills').refills).toBe(4);
    expect(values('Meloxicam 15 mg #30 with no refills').refills).toBe(0);
    expect(values('Meloxicam 15 mg #30').refills).toBeNull();
  });

  it('route from the form word, else the drug\'s only route, else null', () => {
    expect(values('Ibuprofen 800 mg tablets').route).toBe('oral');
    expect(values('Lorazepam 1mg by mouth at bedtime').route).toBe('oral');
    expect(values('Etodolac 400mg').route).toBe('oral');
    expect(values('Promethazine 25mg').route).toBeNull(); // oral, injection and suppository
    expect(values('Promethazine 25mg suppository').route).toBe('other');
  });

  it('a patch: topical for a local agent, transdermal for a systemic one', () => {
    expect(values('Lidocaine 5% patches #30')).toMatchObject({ route: 'topical', group: 'topical-analgesic', strength: '5%' });
    expect(values('Fentanyl 25 mcg/hr patch #10')).toMatchObject({ route: 'transdermal', group: 'opioid', strength: '25mcg/hr', quantity: 10 });
    expect(values('Butrans 10mcg/hr #4')).toMatchObject({ route: 'transdermal', brand: 'Butrans' });
    expect(values('Flector 1.3% transdermal patch #60')).toMatchObject({ route: 'topical', group: 'topical-analgesic' });
  });

  it('a single-agent NSAID on the skin is a topical analgesic; a local anaesthetic injected is not', () => {
    expect(values('Voltaren 1% gel 100 gram tube')).toMatchObject({ ingredients: ['diclofenac'], brand: 'Voltaren', group: 'topical-analgesic', route: 'topical', compound: false });
    expect(values('Voltaren 75mg tablets #60')).toMatchObject({ group: 'nsaid', route: 'oral' });
    expect(values('Voltaren 75mg #60')).toMatchObject({ group: 'nsaid', route: null }); // oral and topical: no form word, no route
    expect(values('Lidocaine 1% injection 5ml')).toMatchObject({ group: 'other', route: 'injection' });
    expect(values('Toradol 60 mg IM')).toMatchObject({ group: 'nsaid', route: 'injection' });
  });

  it('two or more active ingredients on the skin make a compound, with every strength printed', () => {
    expect(values('Ketoprofen 10%/Lidocaine 5% cream 120gm')).toEqual({
      ingredients: ['ketoprofen', 'lidocaine'], brand: null, group: 'compound', compound: true,
      route: 'topical', strength: '10%/5%', quantity: null, refills: null,
    });
    expect(values('Capsaicin 0.025%, Menthol 2%, Camphor 2% in a lotion base')).toMatchObject({ group: 'compound', strength: '0.025%/2%/2%' });
    // A manufactured two-agent topical is a compound too.
    expect(values('Icy Hot patches #10')).toMatchObject({ group: 'compound', compound: true, brand: 'Icy Hot', ingredients: ['menthol', 'methyl salicylate'] });
  });

  it('the compound word makes a compound, and its percentage a topical', () => {
    expect(values('Compounded Amitriptyline 4% 240g')).toMatchObject({ ingredients: ['amitriptyline'], group: 'compound', compound: true, route: 'topical', strength: '4%' });
  });

  it('a drug with no topical form put in a cream can only be compounded', () => {
    expect(values('Gabapentin 6% cream')).toMatchObject({ group: 'compound', compound: true, route: 'topical' });
    expect(values('Gabapentin 600mg #90')).toMatchObject({ group: 'anticonvulsant', compound: false });
  });

  it('a compounding kit is a compound with its active drugs (not the supplement a kit adds)', () => {
    expect(values('Tabradol 1mg/ml oral suspension 250ml')).toMatchObject({
      ingredients: ['cyclobenzaprine'], brand: 'Tabradol', group: 'compound', compound: true, route: 'oral', strength: '1mg/ml',
    });
    expect(values('Terocin lotion 120 ml')).toMatchObject({ ingredients: ['capsaicin', 'lidocaine', 'menthol', 'methyl salicylate'], group: 'compound', route: 'topical' });
  });

  it('a medical food keeps no ingredients and is keyed by its name', () => {
    expect(values('Sentra PM #60')).toEqual({
      ingredients: [], brand: 'Sentra PM', group: 'medical-food', compound: false, route: 'oral', strength: null, quantity: 60, refills: null,
    });
  });

  it('an unknown product: no ingredients, the name as printed, group other', () => {
    expect(values('Post-op Zyvexatrol 30 mg #20')).toEqual({
      ingredients: [], brand: 'Zyvexatrol', group: 'other', compound: false, route: null, strength: '30mg', quantity: 20, refills: null,
    });
    expect(values('Ploxen Relief lotion, 4 oz')).toMatchObject({ brand: 'Ploxen Relief', route: 'topical', group: 'other' });
    expect(values('Dermavex 3% #1')).toMatchObject({ brand: 'Dermavex', route: 'topical', strength: '3%', quantity: 1 });
    expect(values('Bupivacaine 0.5% 10ml')).toMatchObject({ route: 'injection', group: 'other' }); // a percentage of a drug only injected
    expect(values('Unspecified topical pain cream')).toMatchObject({ brand: null, ingredients: [], group: 'other', route: 'topical' });
  });

  it('prefixes and instructions around the drug do not change it', () => {
    expect(values('Retrospective request for Zolpidem 5mg #15')).toMatchObject({ ingredients: ['zolpidem'], group: 'sleep-aid', strength: '5mg', quantity: 15 });
    expect(values('Post-op Keflex 500 mg, one capsule four times a day #28')).toMatchObject({ ingredients: ['cephalexin'], brand: 'Keflex', route: 'oral', strength: '500mg', quantity: 28 });
  });

  it('evidence: each value read from the text points at its words', () => {
    const request = 'Post-op Percocet 10/325 mg tablets #40 with 2 refills';
    const { evidence } = parseDrugRequest(request);
    const at = (s: [number, number] | null) => (s ? request.slice(s[0], s[1]) : null);
    expect(evidence.names.map(at)).toEqual(['Percocet']);
    expect(at(evidence.brand)).toBe('Percocet');
    expect(evidence.strength.map(at)).toEqual(['10/325 mg']);
    expect(at(evidence.quantity)).toBe('#40');
    expect(at(evidence.refills)).toBe('2 refills');
    expect(at(evidence.route)).toBe('tablets');
    expect(evidence.compound).toBeNull();

    const compound = 'Compound: Flurbiprofen 15%/Cyclobenzaprine 2% cream';
    const c = parseDrugRequest(compound);
    expect(c.evidence.names.map((s) => compound.slice(s[0], s[1]))).toEqual(['Flurbiprofen', 'Cyclobenzaprine']);
    expect(c.evidence.strength.map((s) => compound.slice(s[0], s[1]))).toEqual(['15%', '2%']);
    expect(compound.slice(...c.evidence.compound!)).toBe('Compound');
    expect(compound.slice(...c.evidence.route!)).toBe('cream');
    // The drug's only route is not read from the text: no route evidence.
    expect(parseDrugRequest('Etodolac 400mg').evidence.route).toBeNull();
  });
});

describe('gold pharmacy requests parse to a drug group', () => {
  const files = globSync(['{real,heldout,heldout2,corpus,seed}/**/*.json'], { cwd: 'annotations', absolute: true });
  const requests = files.flatMap((f) => {
    const gold = JSON.parse(readFileSync(f, 'utf8')) as { record: { services?: { request: string; category: string }[] } };
    return (gold.record.services ?? []).filter((s) => s.category === 'pharmacy').map((s) => s.request);
  });

  it('finds the pharmacy requests', () => {
    expect(requests.length).toBeGreaterThan(40);
  });

  it('every one names a lexicon drug, and is `other` only when its drug is (sildenafil, docusate, a barbiturate combination)', () => {
    const unresolved = requests.filter((r) => parseDrugRequest(r).evidence.names.length === 0);
    expect(unresolved).toEqual([]);
    const otherWithoutReason = requests.filter((r) => {
      const parsed = parseDrugRequest(r);
      return parsed.group === 'other' && lookupDrug(r.slice(...parsed.evidence.names[0]!))?.group !== 'other';
    });
    expect(otherWithoutReason).toEqual([]);
  });
});

describe('nameKey', () => {
  it('folds case and punctuation', () => {
    expect(nameKey('Hydrocodone/APAP')).toBe('hydrocodone apap');
    expect(nameKey('Tylenol #3')).toBe('tylenol 3');
    expect(nameKey('Ben-Gay')).toBe('ben gay');
  });
});
