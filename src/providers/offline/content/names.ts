/** Names that sound like a fantasy world's: people by species, places and things from word parts. */
import type { Rng } from '../narrator/index.js';

const PEOPLE: Record<string, { first: string[]; second: string[]; family: string[] }> = {
  dwarf: {
    first: ['Thor', 'Bal', 'Dur', 'Gim', 'Har', 'Kil', 'Bru', 'Ved'],
    second: ['in', 'dra', 'ek', 'grim', 'na', 'rik', 'da'],
    family: ['Ironfist', 'Stonehelm', 'Deepdelver', 'Coppervein', 'Anvilborn'],
  },
  elf: {
    first: ['Ael', 'Ith', 'Syl', 'Lia', 'Thal', 'Ere', 'Nai', 'Fae'],
    second: ['rael', 'wen', 'ion', 'ara', 'ith', 'lorn', 'anis'],
    family: ['Moonwhisper', 'Silverbrook', 'Dawnleaf', 'Starfall', 'Vesk'],
  },
  halfling: {
    first: ['Pip', 'Ros', 'Mer', 'Tob', 'Lil', 'Cor', 'Wil'],
    second: ['pin', 'ie', 'ric', 'o', 'ly', 'a', 'mot'],
    family: ['Goodbarrel', 'Tealeaf', 'Underbough', 'Brushgather', 'Hilltopple'],
  },
  gnome: {
    first: ['Fon', 'Nim', 'Boo', 'Wiz', 'Orr', 'Zan', 'Bim'],
    second: ['kin', 'ble', 'dle', 'wick', 'sy', 'ella'],
    family: ['Cogspinner', 'Fizzlebang', 'Tinkertop', 'Gearwhistle'],
  },
  dragonborn: {
    first: ['Arj', 'Kriv', 'Med', 'Nad', 'Sor', 'Tar', 'Rhog'],
    second: ['han', 'ash', 'rash', 'ar', 'ian', 'ok'],
    family: ['Clethtinthiallor', 'Kerrhylon', 'Myastan', 'Daardendrian'],
  },
  tiefling: {
    first: ['Dam', 'Mak', 'Zar', 'Kal', 'Nem', 'Ori', 'Ska'],
    second: ['akos', 'ara', 'eia', 'ith', 'mon', 'ris'],
    family: ['Ashthorn', 'Cindervale', 'Nightbloom', 'Emberfall'],
  },
  'half orc': {
    first: ['Dench', 'Gell', 'Hen', 'Krusk', 'Ront', 'Sha', 'Vol'],
    second: ['', 'ka', 'g', 'ar', 'uk', 'a'],
    family: ['Skullsplitter', 'Ironjaw', 'Redtusk', 'Ashgrip'],
  },
  default: {
    first: ['Bren', 'Cor', 'Mira', 'Ald', 'Ed', 'Rowan', 'Tam', 'Isol', 'Gar', 'Hel'],
    second: ['na', 'vin', 'ric', 'wyn', 'a', 'eth', 'ard', 'de'],
    family: ['Hallow', 'Thornwood', 'Ashdown', 'Marsh', 'Blackwater', 'Greaves', 'Fairweather', 'Holt'],
  },
};

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function personName(rng: Rng, species: string): string {
  const key = species
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();
  const bank = PEOPLE[key] ?? PEOPLE[key.split(' ').at(-1) ?? ''] ?? PEOPLE.default!;
  return `${capital(rng.pick(bank.first) + rng.pick(bank.second))} ${rng.pick(bank.family)}`;
}

const PLACE_START = [
  'Ash',
  'Bram',
  'Cold',
  'Elder',
  'Fen',
  'Grey',
  'Harrow',
  'Iron',
  'Kings',
  'Mire',
  'Raven',
  'Salt',
  'Thorn',
  'Wolf',
  'Black',
  'Oak',
];
const PLACE_END = [
  'ford',
  'mere',
  'wick',
  'hollow',
  'gate',
  'reach',
  'stead',
  'holm',
  'barrow',
  'crag',
  'moor',
  'fall',
  'watch',
  'vale',
];

export function placeName(rng: Rng): string {
  return rng.pick(PLACE_START) + rng.pick(PLACE_END);
}

const TITLE_ADJECTIVES = [
  'Drowned',
  'Silent',
  'Ashen',
  'Broken',
  'Hollow',
  'Crimson',
  'Forgotten',
  'Gilded',
  'Sunken',
  'Last',
];
const TITLE_NOUNS = [
  'Crown',
  'Bell',
  'Oath',
  'Lantern',
  'Road',
  'Tide',
  'Throne',
  'Harvest',
  'Vault',
  'Choir',
];

export function titleName(rng: Rng): string {
  return `The ${rng.pick(TITLE_ADJECTIVES)} ${rng.pick(TITLE_NOUNS)}`;
}

const ITEM_NOUNS: Record<string, string[]> = {
  weapon: ['Edge', 'Fang', 'Warden', 'Thorn', 'Reaver', 'Oathkeeper'],
  armor: ['Aegis', 'Bulwark', 'Mantle', 'Ward', 'Carapace'],
  ring: ['Band', 'Signet', 'Circlet', 'Loop'],
  potion: ['Draught', 'Tincture', 'Elixir', 'Philter'],
  default: ['Lantern', 'Compass', 'Reliquary', 'Locket', 'Horn', 'Mirror'],
};

export function itemName(rng: Rng, kind: string): string {
  const key = Object.keys(ITEM_NOUNS).find((k) => kind.toLowerCase().includes(k)) ?? 'default';
  return `${rng.pick(PLACE_START)}${rng.pick(['fire', 'frost', 'shade', 'song', 'bright', 'mourn'])} ${rng.pick(ITEM_NOUNS[key]!)}`;
}
