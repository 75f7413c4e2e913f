import { LineCounter, parseDocument, type Document, type ScalarTag } from 'yaml';

/**
 * YAML for catalog files, with one twist: a plain number such as `costPrice: 1250.50` is not turned
 * into a JS float. It resolves to `NumericText`, which keeps the exact source text, so money reaches
 * the schema as the string the person typed ("1250.50", never 1250.5 or 1250.4999…). The loader
 * turns NumericText into a number only for fields that really are measurements.
 */
export class NumericText {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

// YAML 1.2 core-schema patterns for int and float (decimal forms only; hex/octal/.inf/.nan stay strings
// and are then rejected by the schema instead of being silently converted).
const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

function numericTag(tag: string, test: RegExp): ScalarTag {
  return {
    tag,
    default: true,
    test,
    identify: (value) => value instanceof NumericText && test.test(value.text),
    resolve: (source) => new NumericText(source),
    stringify: ({ value }) => String(value),
  };
}

const INT_TAG = 'tag:yaml.org,2002:int';
const FLOAT_TAG = 'tag:yaml.org,2002:float';

export interface ParsedYaml {
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

export function parseCatalogYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: true,
    uniqueKeys: true,
    customTags: (tags) => [
      numericTag(INT_TAG, INT),
      numericTag(FLOAT_TAG, FLOAT),
      ...tags.filter((t) => typeof t === 'string' || (t.tag !== INT_TAG && t.tag !== FLOAT_TAG)),
    ],
  });
  return { doc, lineCounter };
}

/** 1-based line of an offset in the source. */
export function lineAt(parsed: ParsedYaml, offset: number | undefined): number | undefined {
  if (offset === undefined) return undefined;
  return parsed.lineCounter.linePos(offset).line;
}
