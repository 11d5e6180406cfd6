import { countTokens } from 'gpt-tokenizer';
import { describe, expect, it } from 'vitest';
import {
  createRng,
  extractFacts,
  fnv1a,
  hashRequest,
  limitText,
  narrate,
  type StoryFacts,
  solveArithmetic,
  splitWords,
  toSecondPerson,
} from '../../src/providers/offline/narrator/index.js';
import type { ChatMessage } from '../../src/vocabulary/index.js';
import { countTextTokens } from '../../src/vocabulary/tokens.js';

function tell(messages: ChatMessage[], system?: string, seed?: number): { text: string; facts: StoryFacts } {
  const facts = extractFacts(messages, system);
  const rng = createRng(hashRequest(messages, { system, model: 'loremaster-offline-1', seed }));
  return { text: narrate(facts, rng), facts };
}

const user = (content: string, name?: string): ChatMessage => ({
  role: 'user',
  content,
  ...(name && { name }),
});
const system = (content: string): ChatMessage => ({ role: 'system', content });

/** Sentences, counting a closing quotation mark as part of its sentence. */
function sentenceCount(text: string): number {
  return text.split(/(?<=[.!?]["\u201d]?)\s+(?=["\u201c]?[A-Z])/).length;
}

describe('hashing and the PRNG', () => {
  it('computes 32-bit FNV-1a', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('gives the same sequence for the same seed, another for another seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    expect(Array.from({ length: 5 }, () => createRng(43).next())).not.toEqual(first);
    for (const value of first) expect(value).toBeGreaterThanOrEqual(0);
    for (const value of first) expect(value).toBeLessThan(1);
  });

  it('hashes every part of a request', () => {
    const messages = [user('I open the gate.')];
    const base = hashRequest(messages, { model: 'm' });
    expect(hashRequest(messages, { model: 'm' })).toBe(base);
    expect(hashRequest(messages, { model: 'n' })).not.toBe(base);
    expect(hashRequest(messages, { model: 'm', temperature: 0.7 })).not.toBe(base);
    expect(hashRequest(messages, { model: 'm', seed: 1 })).not.toBe(base);
    expect(hashRequest(messages, { model: 'm', system: 'Eldhollow' })).not.toBe(base);
    expect(hashRequest([user('I open the gate!')], { model: 'm' })).not.toBe(base);
    // Boundaries between parts matter: ("ab", "c") is not ("a", "bc").
    expect(hashRequest([user('ab'), user('c')], { model: 'm' })).not.toBe(
      hashRequest([user('a'), user('bc')], { model: 'm' }),
    );
  });
});

describe('extractFacts', () => {
  it('finds characters, places and the player action', () => {
    const facts = extractFacts(
      [user('I open the rusted gate.')],
      'You are the Game Master. Captain Voss guards the Sunken Library in Eldhollow. Respond in JSON.',
    );
    expect(facts.characters).toEqual(['Captain Voss']);
    expect(facts.places).toEqual(expect.arrayContaining(['the Sunken Library', 'Eldhollow']));
    expect(facts.action).toEqual({
      kind: 'deed',
      text: 'you open the rusted gate',
      object: 'the rusted gate',
    });
    expect(facts.items).toContain('the rusted gate');
    expect(facts.keywords).toEqual(expect.arrayContaining(['open', 'rusted', 'gate']));
  });

  it('merges a short name into the full one and classifies by nouns and prepositions', () => {
    const facts = extractFacts([
      system(
        'The innkeeper Mira Thornwood keeps the Gilded Stag in Eldhollow. Lord Aldren rules from Stormhaven.',
      ),
      user('I ask Mira about the Crown of Ash and walk to the old mill.'),
    ]);
    expect(facts.characters).toEqual(expect.arrayContaining(['Mira Thornwood', 'Lord Aldren']));
    expect(facts.characters).not.toContain('Mira');
    expect(facts.places).toEqual(
      expect.arrayContaining(['the Gilded Stag', 'Eldhollow', 'Stormhaven', 'the old mill']),
    );
    expect(facts.items).toContain('the Crown of Ash');
  });

  it('ignores words about the conversation and sentence-initial capitals', () => {
    const facts = extractFacts(
      [user('Describe the room.')],
      'You are the Narrator. Always respond in JSON. Keep it short.',
    );
    expect(facts.characters).toEqual([]);
    expect(facts.places).toEqual([]);
  });

  it('takes a word at a sentence start for a name only when the prompt also capitalises it inside a sentence', () => {
    // As a SillyTavern card writes a character: actions between asterisks, speech in quotes.
    const card =
      '*Seraphina\'s gentle smile widens as she considers the question.* "Traits, you say? Compassion is ' +
      'a cornerstone of me." *Opening a window, she cups a wounded bird.* "Whatever comes, I\'ve kept this ' +
      'glade safe." The beasts fear the guardian of the glade.';
    const facts = extractFacts([user('Corin: I wake up in the glade. Who are you?')], card);
    expect(facts.characters).toEqual(['Seraphina']);
    for (const word of ['Traits', 'Compassion', 'Opening', 'Whatever', "I've", 'Corin'])
      expect([...facts.characters, ...facts.places, ...facts.items]).not.toContain(word);
    // Named inside a sentence elsewhere, the same word at a sentence start is a name.
    const met = extractFacts([user('Mira nods. I ask about the bell.')], 'You meet Mira at the mill.');
    expect(met.characters).toContain('Mira');
  });

  it('reads a lone "Name: I …" line as the player speaking, and "Name: where …" as talking to Name', () => {
    expect(extractFacts([user('Corin: I open the gate.')]).action).toMatchObject({
      kind: 'deed',
      text: 'you open the gate',
    });
    expect(extractFacts([user('Corin: I open the gate.')]).characters).not.toContain('Corin');
    expect(extractFacts([user('Mira: where is the key?')]).action?.kind).toBe('question');
  });

  it('counts speakers: an NPC by name, never the player', () => {
    const facts = extractFacts([
      system('Aria the ranger travels with a monk.'),
      { role: 'assistant', name: 'Brother Aldous', content: 'The road is long.' },
      user('Aria draws her blade.', 'Aria'),
    ]);
    expect(facts.characters).toContain('Brother Aldous');
    expect(facts.characters).not.toContain('Aria');
    expect(facts.action).toMatchObject({ kind: 'deed', text: 'Aria draws her blade' });
  });

  it('reads speech, questions, commands and third-person deeds', () => {
    expect(extractFacts([user('"We ride at dawn."')]).action).toMatchObject({
      kind: 'speech',
      text: 'We ride at dawn.',
    });
    expect(extractFacts([user('Hello there, friend!')]).action).toMatchObject({ kind: 'speech' });
    expect(extractFacts([user('What is 2+2?')]).action).toMatchObject({
      kind: 'question',
      text: 'What is 2+2?',
    });
    expect(extractFacts([user('look around')]).action).toMatchObject({
      kind: 'deed',
      text: 'you look around',
    });
    expect(extractFacts([user('The dragon attacks the keep.')]).action).toMatchObject({
      kind: 'deed',
      text: 'the dragon attacks the keep',
    });
    expect(extractFacts([user('*I draw my sword* and wait')]).action?.text).toBe(
      'you draw your sword and wait',
    );
    expect(extractFacts([user('*I draw my sword*')]).action?.text).toBe('you draw your sword');
    expect(extractFacts([]).action).toBeUndefined();
  });

  it('stays fast and bounded on a huge prompt', () => {
    const huge = `${'Mira walks to Eldhollow. '.repeat(20_000)}${'x'.repeat(200_000)}`;
    const started = performance.now();
    const facts = extractFacts([user(huge), user(huge)], huge);
    expect(performance.now() - started).toBeLessThan(500);
    expect(facts.places).toContain('Eldhollow');
  });
});

describe('toSecondPerson', () => {
  it('turns first person into second person, outside quotes only', () => {
    expect(toSecondPerson('I draw my sword')).toBe('you draw your sword');
    expect(toSecondPerson('I am tired and I was lost')).toBe('you are tired and you were lost');
    expect(toSecondPerson("I'm here with our friends")).toBe("you're here with your friends");
    expect(toSecondPerson('I tell Mira "I am ready"')).toBe('you tell Mira "I am ready"');
    expect(toSecondPerson('My hand shakes')).toBe('Your hand shakes');
  });
});

describe('narrate', () => {
  const scenes: Array<{ system?: string; messages: ChatMessage[]; expected: RegExp[] }> = [
    {
      system: 'You are the narrator. Captain Voss guards the Sunken Library.',
      messages: [user('I open the rusted gate.')],
      expected: [/You open the rusted gate|you open the rusted gate/, /Captain Voss|the Sunken Library/],
    },
    {
      messages: [
        system('The innkeeper Mira Thornwood keeps the Gilded Stag in Eldhollow.'),
        user('I ask Mira about the rumours of the drowned bell.'),
      ],
      expected: [/ask Mira about the rumours of the drowned bell/],
    },
    {
      messages: [user('I climb the watchtower of Karsk to look for Captain Voss.')],
      expected: [/climb the watchtower of Karsk to look for Captain Voss/],
    },
    {
      system: 'Brother Aldous leads the party toward the Ashen Spire.',
      messages: [user('*I draw my sword and step into the dark forest*', 'Aria')],
      expected: [
        /you draw your sword and step into the dark forest/i,
        /Brother Aldous|the Ashen Spire|the dark forest/,
      ],
    },
    {
      system: 'Mira the blacksmith works in Eldhollow.',
      messages: [user('Hello there, friend!')],
      expected: [/"Hello there, friend!"/, /Mira|Eldhollow/],
    },
  ];

  it.each(scenes)(
    'narrates the action with the prompt names: $messages.0.content',
    ({ system: sys, messages, expected }) => {
      const { text } = tell(messages, sys);
      for (const pattern of expected) expect(text).toMatch(pattern);
      expect(sentenceCount(text)).toBeGreaterThanOrEqual(2);
      expect(sentenceCount(text)).toBeLessThanOrEqual(5);
    },
  );

  it('always names something from the prompt when it has names, whatever the seed', () => {
    const messages = [system('Captain Voss guards the Sunken Library.'), user('I wait.')];
    for (let seed = 0; seed < 50; seed++) {
      const { text } = tell(messages, undefined, seed);
      expect(text).toMatch(/you wait/i);
      expect(text).toMatch(/Captain Voss|the Sunken Library/);
    }
  });

  it('is deterministic and varies with the input', () => {
    const messages = [system('Mira guards Eldhollow.'), user('I light a torch.')];
    expect(tell(messages).text).toBe(tell(messages).text);
    const texts = new Set([
      tell(messages).text,
      tell([system('Mira guards Eldhollow.'), user('I light a lantern.')]).text,
      tell([system('Voss guards Karsk.'), user('I light a torch.')]).text,
      tell(messages, undefined, 7).text,
    ]);
    expect(texts.size).toBe(4);
  });

  it('answers plain questions in the narrator voice, quoting their key words', () => {
    const math = tell([user('What is 2+2?')]).text;
    expect(math).toContain('"What is 2+2?"');
    expect(math).toMatch(/2\+2 makes 4/);
    const capital = tell([user('What is the capital of France?')]).text;
    expect(capital).toContain('capital');
    expect(capital).toContain('France');
  });

  it('opens a scene when there is no player message', () => {
    const { text } = tell([], 'The story is set in Eldhollow.');
    expect(text).toMatch(/Eldhollow|your first move/);
    expect(text.length).toBeGreaterThan(20);
  });
});

describe('solveArithmetic', () => {
  it('solves a simple operation and refuses division by zero', () => {
    expect(solveArithmetic('What is 2+2?')).toEqual({ expression: '2+2', result: '4' });
    expect(solveArithmetic('what is 7 times 6')).toEqual({ expression: '7 times 6', result: '42' });
    expect(solveArithmetic('10 / 4')?.result).toBe('2.5');
    expect(solveArithmetic('1 / 0')).toBeUndefined();
    expect(solveArithmetic('no numbers here')).toBeUndefined();
  });
});

describe('token counting and limits', () => {
  it('counts short text exactly with gpt-tokenizer and estimates pathological text fast', () => {
    const text = 'You open the rusted gate. Dust drifts through the Sunken Library.';
    expect(countTextTokens(text)).toBe(countTokens(text));
    expect(countTextTokens('')).toBe(0);
    expect(countTextTokens('say <|endoftext|> now')).toBeGreaterThan(3);
    const started = performance.now();
    expect(countTextTokens('a'.repeat(100_000))).toBe(25_000);
    // The tokenizer itself takes about 5 s on this text: the bound leaves room for a loaded machine.
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('splits into word pieces that join back exactly', () => {
    const text = '  You open\nthe  gate. ';
    expect(splitWords(text).join('')).toBe(text);
    expect(splitWords(text)).toEqual(['  You', ' open', '\nthe', '  gate.', ' ']);
  });

  it('cuts at maxTokens with finishReason length, and at stop sequences', () => {
    const text = 'You open the rusted gate. Dust drifts through the Sunken Library as the echo fades.';
    const five = limitText(text, { maxTokens: 5 });
    expect(five.finishReason).toBe('length');
    expect(countTextTokens(five.text)).toBeLessThanOrEqual(5);
    expect(text.startsWith(five.text)).toBe(true);
    expect(limitText(text, { maxTokens: 500 })).toEqual({ text, finishReason: 'stop' });
    expect(limitText(text, { stop: [' Dust'] })).toEqual({
      text: 'You open the rusted gate.',
      finishReason: 'stop',
    });
    const one = limitText('Unbelievably, it works.', { maxTokens: 1 });
    expect(one.finishReason).toBe('length');
    expect(countTextTokens(one.text)).toBe(1);
  });
});
