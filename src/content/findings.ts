/** What validation reports: each finding names where it is (a JSON path), how bad it is, and what to do. */

export type Severity = 'error' | 'warning' | 'info';
export type FindingCategory = 'schema' | 'quality' | 'theme' | 'rules';

export interface Finding {
  /** JSON path into the document, e.g. `$.ability_scores.STR` or `$.spells[2]`. */
  path: string;
  severity: Severity;
  category: FindingCategory;
  /** A stable machine-readable code, e.g. `ability_score_range`. */
  code: string;
  message: string;
  /** What would make it right. */
  hint: string;
}

export interface ValidationReport {
  /** True when no finding is an error. */
  valid: boolean;
  findings: Finding[];
}

export function report(findings: Finding[]): ValidationReport {
  return { valid: !findings.some((finding) => finding.severity === 'error'), findings };
}

/** `$.a.b[2]` from path parts. */
export function jsonPath(parts: ReadonlyArray<string | number>): string {
  let out = '$';
  for (const part of parts) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(part)) out += `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** A collector: `add(...)` appends one finding of a fixed category. */
export function findingsOf(category: FindingCategory) {
  const findings: Finding[] = [];
  return {
    findings,
    add(
      path: ReadonlyArray<string | number>,
      severity: Severity,
      code: string,
      message: string,
      hint: string,
    ) {
      findings.push({ path: jsonPath(path), severity, category, code, message, hint });
    },
  };
}
