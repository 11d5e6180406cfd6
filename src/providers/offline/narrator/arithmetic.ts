/**
 * Solves the arithmetic in a plain question ("What is 2+2?"), so the narrator can answer it.
 */
/** A direct answer for arithmetic ("What is 2+2?"), so plain questions get a real reply. */
export function solveArithmetic(question: string): { expression: string; result: string } | undefined {
  // Bounded input keeps this regex linear in practice.
  const match = /(-?\d+(?:\.\d+)?)\s*(\+|-|\*|\/|x|×|÷|plus|minus|times)\s*(-?\d+(?:\.\d+)?)/i.exec(
    question.slice(0, 200),
  );
  if (!match) return undefined;
  const a = Number(match[1]);
  const b = Number(match[3]);
  const op = (match[2] ?? '').toLowerCase();
  let value: number;
  if (op === '+' || op === 'plus') value = a + b;
  else if (op === '-' || op === 'minus') value = a - b;
  else if (op === '/' || op === '÷') {
    if (b === 0) return undefined;
    value = a / b;
  } else value = a * b;
  return { expression: match[0], result: String(Number(value.toFixed(6))) };
}
