/**
 * Reads a regular expression (the common subset) into a tree of character sets, groups and repeats that
 * a string can be generated from; throws on lookarounds, backreferences and what it cannot read.
 */
export type PatternNode =
  | { type: 'set'; chars: readonly string[] }
  | { type: 'group'; options: PatternNode[][] }
  | { type: 'repeat'; node: PatternNode; min: number; max: number };

class UnsupportedPattern extends Error {}

const range = (from: string, to: string): string[] => {
  const chars: string[] = [];
  // Large ranges are sampled from their start: any member will do.
  for (let c = from.codePointAt(0) ?? 0, end = Math.min(to.codePointAt(0) ?? 0, c + 255); c <= end; c++) {
    chars.push(String.fromCodePoint(c));
  }
  return chars;
};
const DIGITS = range('0', '9');
const LOWER = range('a', 'z');
const UPPER = range('A', 'Z');
const WORD_CHARS = [...LOWER, ...UPPER, ...DIGITS, '_'];
/** Characters tried for negated classes and their escapes (\D, \W, \S, [^…]). */
const PROBES = ['a', 'x', 'Q', '0', '7', '-', '_', ' ', '.', '#'];

/**
 * A small recursive-descent reader for the common regex subset: literals, ., classes with ranges and
 * negation, \d \w \s (and negations), \p{L}/\p{Lu}/\p{Ll}/\p{N}, groups (capturing, ?:, named),
 * alternation, and ? * + {n} {n,} {n,m} quantifiers (open ranges get at most 3 extra repeats).
 */
export class PatternReader {
  private position = 0;

  constructor(private readonly source: string) {}

  read(): PatternNode[][] {
    const options = this.alternation();
    if (this.position < this.source.length) throw new UnsupportedPattern(this.source);
    return options;
  }

  private peek(): string {
    return this.source.charAt(this.position);
  }

  private alternation(): PatternNode[][] {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.position++;
      options.push(this.sequence());
    }
    return options;
  }

  private sequence(): PatternNode[] {
    const nodes: PatternNode[] = [];
    while (this.position < this.source.length && this.peek() !== '|' && this.peek() !== ')') {
      const atom = this.atom();
      if (atom) nodes.push(this.quantified(atom));
    }
    return nodes;
  }

  private atom(): PatternNode | undefined {
    const c = this.source.charAt(this.position++);
    if (c === '^' || c === '$') return undefined;
    if (c === '.') return { type: 'set', chars: WORD_CHARS };
    if (c === '[') return this.characterClass();
    if (c === '\\') return this.escape();
    if (c === '(') return this.group();
    return { type: 'set', chars: [c] };
  }

  private group(): PatternNode {
    if (this.source.startsWith('?:', this.position)) this.position += 2;
    else if (
      this.source.startsWith('?<', this.position) &&
      !'=!'.includes(this.source.charAt(this.position + 2))
    ) {
      const end = this.source.indexOf('>', this.position);
      if (end < 0) throw new UnsupportedPattern(this.source);
      this.position = end + 1;
    } else if (this.peek() === '?') throw new UnsupportedPattern('lookaround');
    const options = this.alternation();
    if (this.source.charAt(this.position++) !== ')') throw new UnsupportedPattern(this.source);
    return { type: 'group', options };
  }

  private quantified(node: PatternNode): PatternNode {
    const c = this.peek();
    let bounds: [number, number] | undefined;
    if (c === '?') bounds = [0, 1];
    else if (c === '*') bounds = [0, 3];
    else if (c === '+') bounds = [1, 3];
    else if (c === '{') bounds = this.braces();
    if (!bounds) return node;
    if (c !== '{') this.position++;
    if (this.peek() === '?') this.position++; // lazy: same strings
    return { type: 'repeat', node, min: bounds[0], max: Math.min(bounds[1], bounds[0] + 3) };
  }

  private braces(): [number, number] | undefined {
    const end = this.source.indexOf('}', this.position);
    const body = end > 0 ? this.source.slice(this.position + 1, end) : '';
    const [low, high] = body.split(',');
    if (!low || !/^\d+$/.test(low) || (high !== undefined && high !== '' && !/^\d+$/.test(high)))
      return undefined;
    this.position = end + 1;
    const min = Number(low);
    return [min, high === undefined ? min : high === '' ? min + 3 : Number(high)];
  }

  private escape(): PatternNode | undefined {
    const c = this.source.charAt(this.position++);
    switch (c) {
      case 'd':
        return { type: 'set', chars: DIGITS };
      case 'w':
        return { type: 'set', chars: WORD_CHARS };
      case 's':
        return { type: 'set', chars: [' '] };
      case 'D':
      case 'W':
      case 'S':
        return { type: 'set', chars: PROBES.filter((probe) => !this.escapeMatches(c.toLowerCase(), probe)) };
      case 'b':
      case 'B':
        return undefined;
      case 'n':
        return { type: 'set', chars: ['\n'] };
      case 't':
        return { type: 'set', chars: ['\t'] };
      case 'p':
      case 'P':
        return this.property(c === 'P');
      case 'u':
      case 'x':
        return { type: 'set', chars: [this.codeEscape(c)] };
      default:
        if (c >= '1' && c <= '9') throw new UnsupportedPattern('backreference');
        return { type: 'set', chars: [c] };
    }
  }

  private escapeMatches(kind: string, probe: string): boolean {
    if (kind === 'd') return probe >= '0' && probe <= '9';
    if (kind === 'w') return WORD_CHARS.includes(probe);
    return probe === ' ';
  }

  private codeEscape(kind: string): string {
    if (kind === 'u' && this.peek() === '{') {
      const end = this.source.indexOf('}', this.position);
      const hex = this.source.slice(this.position + 1, end);
      this.position = end + 1;
      return String.fromCodePoint(Number.parseInt(hex, 16));
    }
    const length = kind === 'u' ? 4 : 2;
    const hex = this.source.slice(this.position, this.position + length);
    this.position += length;
    return String.fromCharCode(Number.parseInt(hex, 16));
  }

  private property(negated: boolean): PatternNode {
    const end = this.source.indexOf('}', this.position);
    const name = this.source.slice(this.position + 1, end);
    this.position = end + 1;
    const sets: Record<string, string[]> = {
      L: [...LOWER, ...UPPER],
      Lu: UPPER,
      Ll: LOWER,
      N: DIGITS,
      Nd: DIGITS,
    };
    const chars = sets[name.replace(/^(General_Category|gc)=/, '')];
    if (!chars || negated) throw new UnsupportedPattern(`\\p{${name}}`);
    return { type: 'set', chars };
  }

  private characterClass(): PatternNode {
    const negated = this.peek() === '^';
    if (negated) this.position++;
    const members: string[] = [];
    while (this.position < this.source.length && this.peek() !== ']') {
      let first = this.classAtom();
      if (this.peek() === '-' && this.source.charAt(this.position + 1) !== ']' && first.length === 1) {
        this.position++;
        const last = this.classAtom();
        first = range(first[0] ?? '', last[0] ?? '');
      }
      members.push(...first);
    }
    this.position++;
    if (!negated) return { type: 'set', chars: members.length > 0 ? members : ['a'] };
    const outside = PROBES.filter((probe) => !members.includes(probe));
    if (outside.length === 0) throw new UnsupportedPattern('negated class');
    return { type: 'set', chars: outside };
  }

  /** One class member: a character, or the members of an escape like \d. */
  private classAtom(): string[] {
    const c = this.source.charAt(this.position++);
    if (c !== '\\') return [c];
    const escaped = this.escape();
    return escaped?.type === 'set' ? [...escaped.chars] : [];
  }
}
