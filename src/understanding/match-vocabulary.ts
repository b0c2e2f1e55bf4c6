import { phonetic, soundsEqual, stem } from './fuzzy-equal';
import { normalizeText, wordsOnly } from './normalize-text';
import type { Token } from './tokenize';
import type { Vocabulary } from './types';

/**
 * Finds catalog services and professionals in a message from the clinic file's own words
 * (names, `synonyms`, `aliases`), so an owner who adds "botinho" or "Dra. Bia" changes what the bot
 * understands without code. Phrases are indexed once per vocabulary object in a word trie;
 * matching forgives accents, plurals, typos, filler words ("limpeza da pele") and split or joined
 * words ("micro agulhamento").
 */

export interface VocabularyMatch {
  id: string;
  /** Index of the first and one past the last token of the match. */
  startToken: number;
  endToken: number;
  /** Offsets in the normalized text. */
  start: number;
  end: number;
  /** Made only of generic appointment words ("consulta"): may mean the patient's own booking. */
  weak: boolean;
}

interface Entry {
  id: string;
  weak: boolean;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  entry?: Entry;
  /** Fuzzy lookups already answered at this node (words repeat across messages). */
  memo?: Map<string, TrieNode[]>;
  /** Children grouped by key length, with their letter masks, so a fuzzy lookup only compares plausible keys. */
  byLength?: Map<number, FuzzyCandidate[]>;
  /** Children by how their key sounds: "butox" finds "botox" whatever the letters. */
  bySound?: Map<string, FuzzyCandidate[]>;
}

interface FuzzyCandidate {
  key: string;
  /** The key as it sounds (see `phonetic`). */
  sound: string;
  child: TrieNode;
  mask: number;
}

/** Which letters a word uses, as bits: two edits change at most four bits. */
function letterMask(word: string): number {
  let mask = 0;
  for (let i = 0; i < word.length; i++) mask |= 1 << ((word.charCodeAt(i) - 97) & 31);
  return mask;
}

function popcount(n: number): number {
  let x = n - ((n >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function childrenByLength(node: TrieNode): Map<number, FuzzyCandidate[]> {
  if (!node.byLength) {
    node.byLength = new Map();
    node.bySound = new Map();
    for (const [key, child] of node.next) {
      const candidate = { key, sound: phonetic(key), child, mask: letterMask(key) };
      const list = node.byLength.get(key.length) ?? [];
      list.push(candidate);
      node.byLength.set(key.length, list);
      const same = node.bySound.get(candidate.sound) ?? [];
      same.push(candidate);
      node.bySound.set(candidate.sound, same);
    }
  }
  return node.byLength;
}

/** Bound on each node's memo, so an adversarial stream of distinct words cannot grow memory. */
const MEMO_LIMIT = 20_000;
const NONE: TrieNode[] = [];
const NO_CANDIDATES: FuzzyCandidate[] = [];

interface PhraseIndex {
  root: TrieNode;
  /** Shortest word fuzzy matching applies to. */
  fuzzyMin: number;
}

export interface CompiledVocabulary {
  services: PhraseIndex;
  professionals: PhraseIndex;
}

/** Words skipped on both sides, so "limpeza de pele" = "limpeza da pele" = "limpeza pele". */
const FILLER = new Set(['de', 'da', 'do', 'das', 'dos', 'a', 'o', 'as', 'os', 'no', 'na', 'nos', 'nas', 'em', 'para', 'pra', 'pro', 'com', 'e', 'um', 'uma', 'ao', 'aos', 'nuns']);

/** Words that name an appointment rather than a service. */
const GENERIC = new Set(['consulta', 'sessao', 'atendimento', 'horario', 'agendamento', 'procedimento', 'retorno', 'avaliar']);

/** Titles dropped from professional names to derive "Ana" from "Dra. Ana Souza". */
const TITLES = new Set(['dr', 'dra', 'doutor', 'doutora', 'prof', 'profa', 'professor', 'professora', 'biomedica', 'biomedico', 'esteticista']);
const TITLE_FORMS = ['dr', 'dra', 'doutor', 'doutora'];

function phraseWords(phrase: string): string[] {
  return wordsOnly(normalizeText(phrase))
    .split(' ')
    .filter((w) => w !== '' && !FILLER.has(w) && !/^\d+$/.test(w))
    .map(stem);
}

function insert(index: PhraseIndex, words: string[], entry: Entry): void {
  if (words.length === 0) return;
  let node = index.root;
  for (const w of words) {
    let child = node.next.get(w);
    if (!child) {
      child = { next: new Map() };
      node.next.set(w, child);
    }
    node = child;
  }
  node.entry ??= entry;
}

function addPhrase(index: PhraseIndex, phrase: string, id: string): void {
  const words = phraseWords(phrase);
  if (words.length === 0) return;
  const weak = words.every((w) => GENERIC.has(w));
  insert(index, words, { id, weak });
  if (words.length > 1) insert(index, [words.join('')], { id, weak });
}

/** "Toxina botulínica (botox)" → ["Toxina botulínica", "botox"]. */
function nameVariants(name: string): string[] {
  const out = [name];
  const m = /^(.*?)\(([^)]*)\)/.exec(name);
  if (m) {
    out.push(m[1]!);
    for (const part of m[2]!.split(/[,;/]/)) out.push(part);
  }
  return out;
}

/** "Dra. Ana Souza" → "ana souza", "ana", "dra ana", "doutora ana", "dra souza"… */
function professionalVariants(name: string): string[] {
  const words = wordsOnly(normalizeText(name))
    .split(' ')
    .filter((w) => w !== '');
  const bare = words.filter((w) => !TITLES.has(w));
  if (bare.length === 0) return [name];
  const first = bare[0]!;
  const last = bare[bare.length - 1]!;
  const out = [name, bare.join(' '), first];
  for (const t of TITLE_FORMS) {
    out.push(`${t} ${first}`);
    if (last !== first) out.push(`${t} ${last}`, `${t} ${first} ${last}`);
  }
  return out;
}

function compile(vocabulary: Vocabulary): CompiledVocabulary {
  const services: PhraseIndex = { root: { next: new Map() }, fuzzyMin: 6 };
  const professionals: PhraseIndex = { root: { next: new Map() }, fuzzyMin: 6 };
  for (const s of vocabulary.services ?? []) {
    for (const p of [...nameVariants(s.name), s.id.replace(/-/g, ' '), ...(s.synonyms ?? [])]) addPhrase(services, p, s.id);
  }
  for (const p of vocabulary.professionals ?? []) {
    for (const v of [...professionalVariants(p.name), ...(p.aliases ?? [])]) addPhrase(professionals, v, p.id);
  }
  return { services, professionals };
}

const cache = new WeakMap<Vocabulary, CompiledVocabulary>();

/** The compiled index of a vocabulary, built once per vocabulary object. */
export function compileVocabulary(vocabulary: Vocabulary): CompiledVocabulary {
  let compiled = cache.get(vocabulary);
  if (!compiled) {
    compiled = compile(vocabulary);
    cache.set(vocabulary, compiled);
  }
  return compiled;
}

/** The message's words for matching: stems, without filler, with their token positions. */
export interface ContentWords {
  words: string[];
  tokenIndex: number[];
}

/** Content words of a token list (computed once per message, shared by both indexes). */
export function contentWords(tokens: Token[]): ContentWords {
  const words: string[] = [];
  const tokenIndex: number[] = [];
  tokens.forEach((t, i) => {
    if (t.kind !== 'word' || FILLER.has(t.text)) return;
    words.push(stem(t.text));
    tokenIndex.push(i);
  });
  return { words, tokenIndex };
}

function childMatches(node: TrieNode, word: string, fuzzyMin: number): TrieNode[] {
  const exact = node.next.get(word);
  if (exact) return [exact];
  if (word.length < fuzzyMin - 1 || word.length > 40) return NONE;
  const memo = (node.memo ??= new Map());
  const known = memo.get(word);
  if (known) return known;
  let out: TrieNode[] = NONE;
  const groups = childrenByLength(node);
  const mask = letterMask(word);
  const sound = phonetic(word);
  const add = (c: FuzzyCandidate): void => {
    if (!out.includes(c.child)) out = out === NONE ? [c.child] : [...out, c.child];
  };
  // same sound, however spelled ("bottox", "botoks", "preenximento")
  for (const c of node.bySound!.get(sound) ?? NO_CANDIDATES) if (soundsEqual(word, c.key, sound, c.sound, fuzzyMin)) add(c);
  for (let len = word.length - 2; len <= word.length + 2; len++) {
    for (const c of groups.get(len) ?? NO_CANDIDATES) {
      if (popcount(mask ^ c.mask) > 4) continue;
      if (soundsEqual(word, c.key, sound, c.sound, fuzzyMin)) add(c);
    }
  }
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(word, out);
  return out;
}

/** Longest phrase starting at content word `s`: its entry and end (exclusive). */
function longestAt(index: PhraseIndex, words: string[], s: number): { entry: Entry; end: number } | undefined {
  let best: { entry: Entry; end: number } | undefined;
  const stack: [TrieNode, number][] = [];
  for (const c of childMatches(index.root, words[s]!, index.fuzzyMin)) stack.push([c, s + 1]);
  if (s + 1 < words.length) {
    for (const c of childMatches(index.root, words[s]! + words[s + 1]!, index.fuzzyMin)) stack.push([c, s + 2]);
  }
  let steps = 0;
  while (stack.length > 0 && steps++ < 64) {
    const [node, i] = stack.pop()!;
    if (node.entry && (!best || i > best.end)) best = { entry: node.entry, end: i };
    if (i >= words.length || node.next.size === 0) continue;
    for (const c of childMatches(node, words[i]!, index.fuzzyMin)) stack.push([c, i + 1]);
  }
  return best;
}

function findAll(index: PhraseIndex, cw: ContentWords, tokens: Token[]): VocabularyMatch[] {
  const out: VocabularyMatch[] = [];
  let s = 0;
  while (s < cw.words.length) {
    const hit = longestAt(index, cw.words, s);
    if (!hit) {
      s++;
      continue;
    }
    const startToken = cw.tokenIndex[s]!;
    const endToken = cw.tokenIndex[hit.end - 1]! + 1;
    const last = tokens[endToken - 1]!;
    out.push({
      id: hit.entry.id,
      startToken,
      endToken,
      start: tokens[startToken]!.start,
      end: last.start + last.text.length,
      weak: hit.entry.weak,
    });
    s = hit.end;
  }
  return out;
}

/** Every service phrase in the message, in order. */
export function findServices(compiled: CompiledVocabulary, cw: ContentWords, tokens: Token[]): VocabularyMatch[] {
  return findAll(compiled.services, cw, tokens);
}

/** Every professional name or alias in the message, in order. */
export function findProfessionals(compiled: CompiledVocabulary, cw: ContentWords, tokens: Token[]): VocabularyMatch[] {
  return findAll(compiled.professionals, cw, tokens);
}
