import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Every English document and where its Korean version lives (docs/ko/<name>.md, <name>.ko.md beside a README). */
export function documentPairs(root = ROOT): Array<{ english: string; korean: string }> {
  const docs = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort();
  return [
    ...docs.map((f) => ({ english: `docs/${f}`, korean: `docs/ko/${f}` })),
    ...['README.md', 'extensions/common-billing/README.md', 'native/README.md', 'assets/samples/gas-station/README.md']
      .map((f) => ({ english: f, korean: f.replace(/README\.md$/, 'README.ko.md') })),
  ];
}

interface Heading {
  level: number;
  /** What a translation keeps: its numbering ("2.", "3.1") and its `code` spans (in any order: word order changes). */
  signature: string;
  text: string;
}

/** The headings of a Markdown text, outside fenced code blocks. */
export function headingsOf(markdown: string): Heading[] {
  const headings: Heading[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const match = fenced ? null : /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (!match) continue;
    const text = match[2]!;
    const numbering = /^(\d+(?:\.\d+)*\.?)\s/.exec(text)?.[1] ?? '';
    const code = [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]!).sort().join(' ');
    headings.push({ level: match[1]!.length, signature: [numbering, code].filter(Boolean).join(' '), text });
  }
  return headings;
}

/** How the Korean headings differ from the English ones: missing, extra or different ones, by position. */
export function headingDifferences(english: string, korean: string): string[] {
  const en = headingsOf(english);
  const ko = headingsOf(korean);
  const problems: string[] = [];
  for (let i = 0; i < Math.max(en.length, ko.length); i++) {
    const e = en[i];
    const k = ko[i];
    if (!k) problems.push(`the Korean version lacks "${'#'.repeat(e!.level)} ${e!.text}"`);
    else if (!e) problems.push(`the Korean version has an extra heading "${'#'.repeat(k.level)} ${k.text}"`);
    else if (e.level !== k.level || e.signature !== k.signature) problems.push(`"${'#'.repeat(e.level)} ${e.text}" has no counterpart (found "${'#'.repeat(k.level)} ${k.text}")`);
    if (problems.length) break; // after the first difference, positions no longer line up
  }
  return problems;
}

/**
 * Every English document has a Korean version with the same headings: the same levels in the
 * same order, each keeping the English heading's numbering and `code` (a heading added to an
 * English document and not translated fails here).
 */
describe('docs: every English document has a Korean version with the same headings', () => {
  for (const { english, korean } of documentPairs()) {
    it(`${english} ↔ ${korean}`, () => {
      expect(existsSync(join(ROOT, korean)), `${korean} exists`).to.equal(true);
      const en = readFileSync(join(ROOT, english), 'utf8');
      const ko = readFileSync(join(ROOT, korean), 'utf8');
      expect(headingsOf(en).length, `${english} has headings`).to.be.greaterThan(0);
      expect(headingDifferences(en, ko)).to.deep.equal([]);
      expect(/[\uac00-\ud7a3]/.test(ko), `${korean} is written in Korean`).to.equal(true);
    });
  }

  it('reports a missing Korean heading, a changed level and a lost code span', () => {
    const en = '# Title\n\n## 1. Install `pkg`\n\n```\n# not a heading\n```\n\n## 2. Use\n### Details\n';
    expect(headingDifferences(en, '# 제목\n## 1. `pkg` 설치\n## 2. 사용\n### 자세히\n')).to.deep.equal([]);
    expect(headingDifferences(en, '# 제목\n## 1. `pkg` 설치\n## 2. 사용\n')).to.deep.equal(['the Korean version lacks "### Details"']);
    expect(headingDifferences(en, '# 제목\n## 1. `pkg` 설치\n### 2. 사용\n### 자세히\n')[0]).to.match(/^"## 2. Use" has no counterpart/);
    expect(headingDifferences(en, '# 제목\n## 1. 설치\n## 2. 사용\n### 자세히\n')[0]).to.match(/^"## 1. Install `pkg`" has no counterpart/);
  });
});
