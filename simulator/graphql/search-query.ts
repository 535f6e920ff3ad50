// Shopify's search syntax for connection `query:` arguments: `field:value`, comparisons (`field:>=5`), quoted
// values, prefix wildcards (`title:hood*`), negation (`-tag:x`, `NOT tag:x`), `AND`/`OR` and parentheses.
// Free text matches the resource's default text. Unknown fields are ignored (Shopify ignores them too and
// reports a search warning), so the caller gets the list of unknown fields to surface.

export type SearchValue = string | number | boolean | null | undefined;

/** Values a record exposes for a search field; undefined when the field isn't searchable on this resource. */
export type SearchFieldReader<T> = (record: T, field: string) => SearchValue | SearchValue[] | undefined;

type Term = { kind: "term"; field: string | null; comparator: ":" | ">" | ">=" | "<" | "<="; value: string; negated: boolean };
type Node = Term | { kind: "and"; items: Node[] } | { kind: "or"; items: Node[] } | { kind: "not"; item: Node };

export type CompiledSearch<T> = { matches: (record: T) => boolean; unknownFields: string[] };

export function compileSearch<T>(query: string | null | undefined, read: SearchFieldReader<T>, knownFields: readonly string[]): CompiledSearch<T> {
  const text = (query ?? "").trim();
  if (!text) return { matches: () => true, unknownFields: [] };
  const tokens = tokenize(text);
  const parser = new Parser(tokens);
  const ast = parser.parseOr();
  const unknownFields = new Set<string>();
  const known = new Set(knownFields);
  const visit = (node: Node) => {
    if (node.kind === "term") {
      if (node.field && !known.has(node.field)) unknownFields.add(node.field);
    } else if (node.kind === "not") visit(node.item);
    else node.items.forEach(visit);
  };
  visit(ast);
  return { matches: (record) => evaluate(ast, record, read, known), unknownFields: [...unknownFields] };
}

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (ch === "(" || ch === ")") {
      tokens.push(ch);
      i += 1;
      continue;
    }
    let token = "";
    while (i < text.length && !/\s/.test(text[i]) && text[i] !== "(" && text[i] !== ")") {
      if (text[i] === '"' || text[i] === "'") {
        const quote = text[i];
        const end = text.indexOf(quote, i + 1);
        const stop = end === -1 ? text.length : end;
        token += `\u0000${text.slice(i + 1, stop)}\u0000`;
        i = stop + 1;
      } else {
        token += text[i];
        i += 1;
      }
    }
    tokens.push(token);
  }
  return tokens;
}

class Parser {
  private index = 0;
  constructor(private readonly tokens: string[]) {}

  private peek(): string | undefined {
    return this.tokens[this.index];
  }

  parseOr(): Node {
    const items = [this.parseAnd()];
    while (this.peek() === "OR") {
      this.index += 1;
      items.push(this.parseAnd());
    }
    return items.length === 1 ? items[0] : { kind: "or", items };
  }

  private parseAnd(): Node {
    const items: Node[] = [];
    while (this.index < this.tokens.length) {
      const token = this.peek();
      if (token === ")" || token === "OR") break;
      if (token === "AND") {
        this.index += 1;
        continue;
      }
      items.push(this.parseUnary());
    }
    return items.length === 1 ? items[0] : { kind: "and", items };
  }

  private parseUnary(): Node {
    const token = this.peek();
    if (token === "NOT") {
      this.index += 1;
      return { kind: "not", item: this.parseUnary() };
    }
    if (token === "(") {
      this.index += 1;
      const inner = this.parseOr();
      if (this.peek() === ")") this.index += 1;
      return inner;
    }
    this.index += 1;
    return parseTerm(token ?? "");
  }
}

function parseTerm(raw: string): Term {
  let token = raw;
  let negated = false;
  if (token.startsWith("-") && token.length > 1) {
    negated = true;
    token = token.slice(1);
  }
  const match = /^([A-Za-z_][\w.]*):(>=|<=|>|<)?(.*)$/s.exec(token);
  if (!match) return { kind: "term", field: null, comparator: ":", value: unquote(token), negated };
  return { kind: "term", field: match[1], comparator: (match[2] as Term["comparator"]) ?? ":", value: unquote(match[3]), negated };
}

const unquote = (value: string) => value.replace(/\u0000/g, "");

function evaluate<T>(node: Node, record: T, read: SearchFieldReader<T>, known: Set<string>): boolean {
  switch (node.kind) {
    case "and":
      return node.items.every((item) => evaluate(item, record, read, known));
    case "or":
      return node.items.some((item) => evaluate(item, record, read, known));
    case "not":
      return !evaluate(node.item, record, read, known);
    case "term": {
      const field = node.field ?? "default";
      if (node.field && !known.has(node.field)) return true;
      const raw = read(record, field);
      if (raw === undefined) return true;
      const values = Array.isArray(raw) ? raw : [raw];
      const hit = values.some((value) => compare(value, node, field === "default"));
      return node.negated ? !hit : hit;
    }
  }
}

function compare(value: SearchValue, term: Term, freeText: boolean): boolean {
  if (term.value === "*") return value !== null && value !== undefined && value !== "";
  if (value === null || value === undefined) return false;
  if (term.comparator !== ":") {
    const left = typeof value === "number" ? value : Number(value);
    const right = Number(term.value);
    if (Number.isFinite(left) && Number.isFinite(right) && term.value.trim() !== "") return order(left, right, term.comparator);
    const leftTime = Date.parse(String(value));
    const rightTime = Date.parse(term.value);
    if (Number.isFinite(leftTime) && Number.isFinite(rightTime)) return order(leftTime, rightTime, term.comparator);
    return order(String(value).toLowerCase() < term.value.toLowerCase() ? -1 : String(value).toLowerCase() > term.value.toLowerCase() ? 1 : 0, 0, term.comparator);
  }
  const haystack = String(value).toLowerCase();
  const needle = term.value.toLowerCase();
  if (needle.endsWith("*")) return haystack.startsWith(needle.slice(0, -1)) || (freeText && haystack.includes(needle.slice(0, -1)));
  if (typeof value === "number") return Number(needle) === value;
  if (typeof value === "boolean") return String(value) === needle;
  // Free text and text fields match words inside the value; exact fields (sku, id, status) match whole values.
  return freeText ? haystack.includes(needle) : haystack === needle;
}

function order(left: number, right: number, comparator: Term["comparator"]): boolean {
  switch (comparator) {
    case ">":
      return left > right;
    case ">=":
      return left >= right;
    case "<":
      return left < right;
    case "<=":
      return left <= right;
    default:
      return left === right;
  }
}
